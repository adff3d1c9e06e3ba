package io.jswoole.ipc.chronicle;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Transport;
import io.jswoole.testing.PipeDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A chronicle listener for a temporary run directory, its links under a temporary stand-in for
 * {@code /dev/shm}, and one nio poller that drives both ends of every link on the test's thread.
 */
final class PipeFixture implements AutoCloseable {
    final ReactorProvider reactor;
    final Transport transport;
    final ChroniclePipeProvider provider;
    final Poller poller;
    final PipeListener listener;
    /** The server's directory of links. */
    final Path serverDir;
    private final ArrayDeque<PipeChannel> accepted = new ArrayDeque<>();
    private final List<PipeDriver> toClose = new ArrayList<>();

    PipeFixture(Path shm, Path runDir, int queueLimit) throws IOException {
        this("nio", shm, runDir, queueLimit);
    }

    /** On the reactor named {@code reactorName}. */
    PipeFixture(String reactorName, Path shm, Path runDir, int queueLimit) throws IOException {
        reactor = Providers.select(ReactorProvider.class, "reactor", reactorName);
        transport = reactor.transport();
        provider = new ChroniclePipeProvider(shm, queueLimit);
        poller = reactor.openPoller();
        listener = provider.listen(runDir, "test", transport);
        serverDir = Path.of(listener.address()).getParent();
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

    PipeFixture(Path shm, Path runDir) throws IOException {
        this(shm, runDir, ChronicleChannel.DEFAULT_QUEUE_LIMIT);
    }

    /** Waits for the listener to accept one link. */
    PipeChannel acceptOne() throws IOException {
        Await.pollUntil(poller, () -> !accepted.isEmpty());
        return accepted.poll();
    }

    /** A connecting end (index 0) and the listening end (index 1), both polled; the latter reads only if {@code serverReads}. */
    PipeDriver[] pair(boolean serverReads) throws IOException {
        PipeDriver c = endpoint(provider.connect(listener.address(), transport), true);
        PipeDriver s = endpoint(acceptOne(), serverReads);
        return new PipeDriver[] {c, s};
    }

    PipeDriver[] pair() throws IOException {
        return pair(true);
    }

    PipeDriver endpoint(PipeChannel channel, boolean reading) throws IOException {
        PipeDriver e = new PipeDriver(poller, channel, reading);
        toClose.add(e);
        return e;
    }

    void pollUntil(java.util.function.BooleanSupplier done) throws IOException {
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
