package io.jswoole.testing;

import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.Registration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One channel driven by a poller the way an event loop drives it: READ receives, a flush that
 * does not finish waits for the channel's {@link PipeChannel#roomReadiness() room readiness}. Records what arrives, the end of stream and any failure: for the
 * tests of Pipe providers.
 */
public final class PipeDriver implements AutoCloseable {
    /** The channel driven. */
    public final PipeChannel channel;
    /** What has arrived, in order. */
    public final List<PipeMessage> received = new ArrayList<>();
    private final Registration registration;
    private boolean reading;
    private boolean writing;
    private boolean ended;
    private IOException failure;
    /** How often the poller reported this channel ready. */
    private int wakeUps;

    /** Registers {@code channel}; it receives only once {@link #startReading()} is called if {@code reading} is false. */
    public PipeDriver(Poller poller, PipeChannel channel, boolean reading) throws IOException {
        this.channel = channel;
        this.reading = reading;
        this.registration = poller.register(channel.pollable(), reading ? Poller.READ : 0, this::onReady);
    }

    /** Registers {@code channel}, receiving at once. */
    public PipeDriver(Poller poller, PipeChannel channel) throws IOException {
        this(poller, channel, true);
    }

    /** Starts receiving. */
    public void startReading() {
        reading = true;
        updateInterest();
    }

    /** Offers one message; the caller flushes. */
    public boolean offer(PipeMessage m) {
        return channel.offer(m.type(), m.flags(), m.reactorId(), m.session(), m.payloadBuffer());
    }

    /** Flushes now and waits for room if anything is left; returns whether the queue is empty. */
    public boolean flush() {
        try {
            boolean empty = channel.flush();
            writing = !empty;
            updateInterest();
            return empty;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the peer's end of stream was seen. */
    public boolean ended() {
        return ended;
    }

    /** Why receiving failed, or null. */
    public IOException failure() {
        return failure;
    }

    /** True once the peer's end of stream was seen or receiving failed. */
    public boolean finished() {
        return ended || failure != null;
    }

    /** How often the poller reported this channel ready so far. */
    public int wakeUps() {
        return wakeUps;
    }

    private void onReady(int ops) {
        wakeUps++;
        if ((ops & Poller.WRITE) != 0 && writing) {
            flush();
        }
        boolean roomByRead = writing && (ops & Poller.READ) != 0 && channel.roomReadiness() == Poller.READ;
        if ((ops & Poller.READ) != 0 && reading && !finished()) {
            try {
                if (!channel.receive(this::onMessage)) {
                    ended = true;
                }
            } catch (IOException e) {
                failure = e; // the channel closed itself
                registration.cancel();
                return;
            }
            updateInterest();
        }
        if (roomByRead) {
            flush(); // after receiving, which may have taken the byte that says there is room
        }
    }

    private void onMessage(int type, int flags, int reactorId, int session, ByteBuffer payload) {
        received.add(PipeMessage.copyOf(type, flags, reactorId, session, payload));
    }

    /** READ while receiving can still deliver something, the room readiness while a flush waits. */
    private void updateInterest() {
        registration.interest((reading && !finished() ? Poller.READ : 0) | (writing ? channel.roomReadiness() : 0));
    }

    @Override
    public void close() throws IOException {
        registration.cancel();
        channel.close();
    }
}
