package io.jswoole.core.pipe;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.log.Log;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.Registration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One pipe channel on an event loop: what is offered during a loop turn is written at the end of
 * the turn, many messages per system call; a blocked write waits for WRITE readiness; incoming
 * messages go to the handler, with the endpoint they came through. Loop thread only.
 *
 * @param <O> what an endpoint belongs to (the master's link to a worker, a peer process), once known
 */
public final class Endpoint<O> implements IoHandler {
    /** Takes the messages that arrive on an endpoint. */
    @FunctionalInterface
    public interface Handler<O> {
        /** A message from the peer; {@code payload} is valid only during the call (see {@link PipeChannel}). */
        void onMessage(Endpoint<O> from, int type, int flags, int reactorId, int session, ByteBuffer payload);
    }

    private final EventLoop loop;
    private final PipeChannel channel;
    /** The channel's handler: the endpoint's own, made once. */
    private final PipeChannel.MessageHandler receiver;
    private final Consumer<Endpoint<O>> onClosed;
    private final Runnable flushAtEndOfTurn = this::flush;
    private Registration registration;
    private Runnable onDrained = () -> { };
    private boolean flushScheduled;
    private boolean closeOutputWhenFlushed;
    private boolean closed;
    private boolean readPaused;
    /** A flush returned false: waiting for the channel's {@link PipeChannel#roomReadiness()}. */
    private boolean waitingForRoom;
    /** Reading pauses while {@link #waitingForRoom} ({@link #pauseReadingWhileBehind()}). */
    private boolean pauseWhileBehind;
    private O owner;

    public Endpoint(EventLoop loop, PipeChannel channel, Handler<O> handler, Consumer<Endpoint<O>> onClosed) {
        this.loop = loop;
        this.channel = channel;
        this.receiver = (type, flags, reactorId, session, payload) ->
                handler.onMessage(this, type, flags, reactorId, session, payload);
        this.onClosed = onClosed;
    }

    /** What this endpoint belongs to, or null while it is not known. */
    public O owner() {
        return owner;
    }

    /** Says what this endpoint belongs to. */
    public void owner(O o) {
        owner = o;
    }

    /** Starts polling the channel for messages. */
    public void start() throws IOException {
        registration = loop.register(channel.pollable(), Poller.READ, this);
    }

    /** Runs whenever a flush empties the queue. */
    public void onDrained(Runnable r) {
        onDrained = r;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Whether the last flush left messages queued: the peer is not keeping up with this side. */
    public boolean isBehind() {
        return waitingForRoom;
    }

    /**
     * Takes no messages while what this side sends waits for room: a receiver whose work answers
     * on this same pipe then works no faster than the peer reads its answers, instead of queueing
     * them without bound. Not for an endpoint whose reading is also paused with {@link #pauseReading}.
     */
    public void pauseReadingWhileBehind() {
        pauseWhileBehind = true;
    }

    /** What the loop watches for this pipe; another poller may watch it too. */
    public Pollable pollable() {
        return channel.pollable();
    }

    /** A flush left messages queued: the pipe waits for room. */
    public boolean isWaitingForRoom() {
        return waitingForRoom;
    }

    /** Queues a message for the end of this turn; false if the channel is full (or closed). */
    public boolean offer(int type, int flags, int reactorId, int session, ByteBuffer payload) {
        if (closed || closeOutputWhenFlushed) {
            return false;
        }
        boolean taken;
        try {
            taken = channel.offer(type, flags, reactorId, session, payload);
        } catch (PipeChannel.BrokenChannelException e) {
            Log.warn("pipe failed, closing it: " + e.getMessage());
            close();
            return false;
        }
        if (taken) {
            scheduleFlush();
        }
        return taken;
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.atEndOfTurn(flushAtEndOfTurn);
        }
    }

    /** Writes what is queued now; true when nothing is left. */
    public boolean flush() {
        flushScheduled = false;
        if (closed) {
            return false;
        }
        boolean drained;
        try {
            drained = channel.flush();
        } catch (IOException e) {
            Log.debug("pipe write failed: " + e.getMessage());
            close();
            return false;
        }
        if (!drained) {
            setWriteInterest(true);
            return false;
        }
        setWriteInterest(false);
        if (closeOutputWhenFlushed) {
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                close();
            }
            return true;
        }
        onDrained.run();
        return true;
    }

    /** Stops sending: what is queued still goes out, then the peer reads end of stream. */
    public void retire() {
        if (!closed && !closeOutputWhenFlushed) {
            closeOutputWhenFlushed = true;
            flush();
        }
    }

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & Poller.WRITE) != 0) {
            flush();
        }
        if (waitingForRoom && (readyOps & Poller.READ) != 0 && channel.roomReadiness() == Poller.READ) {
            scheduleFlush(); // after the receive below, which may take the byte that says there is room
        }
        if ((readyOps & Poller.READ) != 0 && !closed && !readPaused) {
            boolean open;
            try {
                open = channel.receive(receiver);
            } catch (IOException e) {
                Log.warn("pipe read failed, closing it: " + e.getMessage());
                open = false;
            }
            if (!open) {
                // The peer may only have stopped sending: what the last messages produced still goes out.
                try {
                    channel.flush();
                } catch (IOException e) {
                    Log.debug("pipe write at end of stream failed: " + e.getMessage());
                }
                close();
            }
        }
    }

    /**
     * Stops (or resumes) taking messages from the peer, which then pushes back once the
     * channel's buffers are full: for a receiver that cannot yet send what those messages produce.
     */
    public void pauseReading(boolean pause) {
        if (pause == readPaused) {
            return;
        }
        readPaused = pause;
        setInterest(Poller.READ, wantsRead());
        if (!pause) {
            // What arrived while paused may not be reported again (edge-triggered pollers): read now.
            loop.atEndOfTurn(() -> onReady(Poller.READ));
        }
    }

    private void setWriteInterest(boolean on) {
        if (on == waitingForRoom) {
            return;
        }
        waitingForRoom = on;
        if (channel.roomReadiness() == Poller.READ) {
            // While reading is paused, a room byte that stays unread keeps a level-triggered poller
            // reporting until the flush goes through: only a paused receiver that is also full waits so.
            setInterest(Poller.READ, wantsRead());
        } else {
            setInterest(Poller.WRITE, on);
        }
        if (pauseWhileBehind) {
            pauseReading(on);
        }
    }

    private boolean wantsRead() {
        return !readPaused || (waitingForRoom && channel.roomReadiness() == Poller.READ);
    }

    private void setInterest(int op, boolean on) {
        if (registration != null && !closed) {
            registration.interest(op, on);
        }
    }

    /** Closes the channel now (what is queued is lost) and reports it to the owner's callback. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registration != null) {
            registration.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            Log.debug("closing a pipe: " + e);
        }
        onClosed.accept(this);
    }
}
