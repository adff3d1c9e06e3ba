package io.jswoole.example.ipc.loopback;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.testing.PipeDriver;
import io.jswoole.testing.PipeFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The shared {@link PipeFixture} for the loopback provider (skipped where the reactor is not
 * available), plus what only this provider has: raw TCP connections to its listener and its secret.
 */
final class Pipes implements AutoCloseable {
    private final PipeFixture fixture;
    private final List<StreamSocket> raw = new ArrayList<>();

    Pipes(String reactorName, Path runDir, LoopbackPipeProvider provider) throws IOException {
        boolean available = Providers.list(ReactorProvider.class).stream()
                .anyMatch(f -> f.name().equals(reactorName) && f.provider().availability().isAvailable());
        assumeTrue(available, reactorName + " reactor not available");
        fixture = new PipeFixture(provider, reactorName, runDir);
    }

    /** Polls on this thread until {@code done} holds. */
    void pollUntil(BooleanSupplier done) throws IOException {
        fixture.pollUntil(done);
    }

    /** One poll of the fixture's poller, up to {@code millis}. */
    void poll(long millis) throws IOException {
        fixture.poller.poll(millis);
    }

    PipeChannel acceptOne() throws IOException {
        return fixture.acceptOne();
    }

    /** Whether no link waits to be taken from the listener. */
    boolean nothingAccepted() {
        return fixture.nothingAccepted();
    }

    /** A connected client (index 0) and the end the listener accepted (index 1); the server end reads only if asked. */
    PipeDriver[] pair(boolean serverReads) throws IOException {
        return fixture.pair(serverReads);
    }

    PipeDriver link(PipeChannel channel, boolean reading) throws IOException {
        return fixture.endpoint(channel, reading);
    }

    /** A plain TCP connection to the listener, sending nothing yet. */
    StreamSocket rawConnection() throws IOException {
        int port = Integer.parseInt(fixture.listener.address().split(":", 3)[1]);
        StreamSocket s = fixture.transport.connect(new InetSocketAddress("127.0.0.1", port));
        raw.add(s);
        return s;
    }

    /** The listener's secret, read from the file its address names. */
    byte[] secret() throws IOException {
        return Files.readAllBytes(Path.of(fixture.listener.address().split(":", 3)[2]));
    }

    @Override
    public void close() throws IOException {
        for (StreamSocket s : raw) {
            s.close();
        }
        fixture.close();
    }
}
