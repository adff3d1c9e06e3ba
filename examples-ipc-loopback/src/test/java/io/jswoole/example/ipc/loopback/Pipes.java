package io.jswoole.example.ipc.loopback;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.spi.reactor.Transport;
import io.jswoole.testing.PipeDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A loopback listener in a temporary run directory and one poller of the chosen reactor that
 * drives the listener and both ends of every pipe on the test's thread.
 */
final class Pipes implements AutoCloseable {
    static final long DEADLINE_MILLIS = 20_000;

    final Transport transport;
    final LoopbackPipeProvider provider;
    final Poller poller;
    final PipeListener listener;
    final ArrayDeque<PipeChannel> accepted = new ArrayDeque<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    Pipes(String reactorName, Path runDir, LoopbackPipeProvider provider) throws IOException {
        ReactorProvider reactor = Providers.list(ReactorProvider.class).stream()
                .filter(f -> f.name().equals(reactorName)).findFirst()
                .map(Providers.Found::provider).orElse(null);
        assumeTrue(reactor != null && reactor.availability().isAvailable(), reactorName + " reactor not available");
        this.transport = reactor.transport();
        this.provider = provider;
        this.poller = reactor.openPoller();
        this.listener = provider.listen(runDir, "task", transport);
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

    /** Polls on this thread until {@code done} holds. */
    void pollUntil(BooleanSupplier done) throws IOException {
        long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("condition not reached within " + DEADLINE_MILLIS + " ms");
            }
            poller.poll(10);
        }
    }

    PipeChannel acceptOne() throws IOException {
        pollUntil(() -> !accepted.isEmpty());
        return accepted.poll();
    }

    /** A connected client (index 0) and the end the listener accepted (index 1); the server end reads only if asked. */
    PipeDriver[] pair(boolean serverReads) throws IOException {
        PipeDriver client = link(provider.connect(listener.address(), transport), true);
        PipeDriver server = link(acceptOne(), serverReads);
        return new PipeDriver[] {client, server};
    }

    PipeDriver link(PipeChannel channel, boolean reading) throws IOException {
        PipeDriver l = new PipeDriver(poller, channel, reading);
        toClose.add(l);
        return l;
    }

    /** A plain TCP connection to the listener, sending nothing yet. */
    StreamSocket rawConnection() throws IOException {
        int port = Integer.parseInt(listener.address().split(":", 3)[1]);
        StreamSocket s = transport.connect(new InetSocketAddress("127.0.0.1", port));
        toClose.add(s);
        return s;
    }

    /** The listener's secret, read from the file its address names. */
    byte[] secret() throws IOException {
        return java.nio.file.Files.readAllBytes(Path.of(listener.address().split(":", 3)[2]));
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        for (PipeChannel c : accepted) {
            c.close();
        }
        listener.close();
        poller.close();
    }
}
