package io.jswoole.testing;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A pipe provider's listener in a run directory and one poller that drives both ends of every
 * link on the test's thread.
 */
public final class PipeFixture implements AutoCloseable {
    /** The reactor whose poller drives the links. */
    public final ReactorProvider reactor;
    /** The reactor's transport, which the provider's links use. */
    public final Transport transport;
    /** The provider under test. */
    public final PipeProvider provider;
    /** The poller that drives every end. */
    public final Poller poller;
    /** The listener named {@code test} in the run directory. */
    public final PipeListener listener;
    private final ArrayDeque<PipeChannel> accepted = new ArrayDeque<>();
    private final List<PipeDriver> toClose = new ArrayList<>();

    /** Listens with {@code provider} in {@code runDir}, polled by the reactor named {@code reactorName}. */
    public PipeFixture(PipeProvider provider, String reactorName, Path runDir) throws IOException {
        this.provider = provider;
        reactor = Providers.select(ReactorProvider.class, "reactor", reactorName);
        transport = reactor.transport();
        poller = reactor.openPoller();
        listener = provider.listen(runDir, "test", transport);
        poller.register(listener.pollable(), Poller.READ, ops -> {
            try {
                for (PipeChannel c; (c = listener.accept()) != null; ) {
                    accepted.add(c);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Whether the listener has accepted no link that is not taken yet. */
    public boolean nothingAccepted() {
        return accepted.isEmpty();
    }

        /** Waits for the listener to accept one link. */
    public PipeChannel acceptOne() throws IOException {
        Await.pollUntil(poller, () -> !accepted.isEmpty());
        return accepted.poll();
    }

    /** A connecting end (index 0) and the accepted end (index 1), both polled and receiving. */
    public PipeDriver[] pair() throws IOException {
        return pair(true);
    }

    /** A connecting end (index 0) and the accepted end (index 1); the latter receives only if {@code serverReads}. */
    public PipeDriver[] pair(boolean serverReads) throws IOException {
        return pair(provider.connect(listener.address(), transport), serverReads);
    }

    /** {@code client}, connected to the listener, and the accepted end, receiving only if {@code serverReads}. */
    public PipeDriver[] pair(PipeChannel client, boolean serverReads) throws IOException {
        PipeDriver c = endpoint(client, true);
        PipeDriver s = endpoint(acceptOne(), serverReads);
        return new PipeDriver[] {c, s};
    }

    /** {@code channel} driven by this fixture's poller, closed with it. */
    public PipeDriver endpoint(PipeChannel channel, boolean reading) throws IOException {
        PipeDriver e = new PipeDriver(poller, channel, reading);
        toClose.add(e);
        return e;
    }

    /** Polls until {@code done} holds. */
    public void pollUntil(BooleanSupplier done) throws IOException {
        Await.pollUntil(poller, done);
    }

    @Override
    public void close() throws IOException {
        for (PipeDriver c : toClose) {
            c.close();
        }
        for (PipeChannel c : accepted) {
            c.close();
        }
        listener.close();
        poller.close();
    }
}
