package io.jswoole.example.ipc.loopback;

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
 * does not finish waits for WRITE. Records the messages, the end of stream and a failure.
 */
final class Link implements AutoCloseable {
    final PipeChannel channel;
    final List<Message> received = new ArrayList<>();
    private final Registration registration;
    private boolean reading;
    private boolean writing;
    private boolean ended;
    private IOException failure;

    Link(Poller poller, PipeChannel channel, boolean reading) throws IOException {
        this.channel = channel;
        this.reading = reading;
        this.registration = poller.register(channel.pollable(), reading ? Poller.READ : 0, this::onReady);
    }

    void startReading() {
        reading = true;
        updateInterest();
    }

    boolean offer(Message m) {
        return channel.offer(m.type(), m.flags(), m.reactorId(), m.session(), ByteBuffer.wrap(m.payload()));
    }

    /** Flushes, and waits for WRITE if something is left; returns whether the queue is empty. */
    boolean flush() {
        try {
            boolean empty = channel.flush();
            writing = !empty;
            updateInterest();
            return empty;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean ended() {
        return ended;
    }

    IOException failure() {
        return failure;
    }

    boolean finished() {
        return ended || failure != null;
    }

    private void onReady(int ops) {
        if ((ops & Poller.WRITE) != 0) {
            flush();
        }
        if ((ops & Poller.READ) != 0 && reading && !finished()) {
            try {
                ended = !channel.receive((t, f, r, s, p) -> received.add(Message.copyOf(t, f, r, s, p)));
            } catch (IOException e) {
                failure = e; // the channel closed itself
                registration.cancel();
                return;
            }
            updateInterest();
        }
    }

    private void updateInterest() {
        registration.interest((reading && !finished() ? Poller.READ : 0) | (writing ? Poller.WRITE : 0));
    }

    @Override
    public void close() throws IOException {
        registration.cancel();
        channel.close();
    }
}
