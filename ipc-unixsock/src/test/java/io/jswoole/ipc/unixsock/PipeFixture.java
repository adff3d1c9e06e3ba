package io.jswoole.ipc.unixsock;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Transport;
import io.jswoole.testing.PipeDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener in a temporary run directory and one nio poller that drives both ends of every pipe
 * on the test's thread.
 */
final class PipeFixture implements AutoCloseable {
    final ReactorProvider reactor = Providers.select(ReactorProvider.class, "reactor", "nio");
    final Transport transport = reactor.transport();
    final UnixSockPipeProvider provider = new UnixSockPipeProvider();
    final Poller poller;
    final PipeListener listener;
    private final ArrayDeque<PipeChannel> accepted = new ArrayDeque<>();
    private final List<PipeDriver> toClose = new ArrayList<>();

    PipeFixture(Path runDir) throws IOException {
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

    /** Waits for the listener to accept one connection. */
    PipeChannel acceptOne() throws IOException {
        Await.pollUntil(poller, () -> !accepted.isEmpty());
        return accepted.poll();
    }

    /** A client (index 0) and the server end the listener accepted (index 1), both polled. */
    PipeDriver[] pair() throws IOException {
        return pair(provider.connect(listener.address(), transport), true);
    }

    /** {@code client} connected to the listener, and the accepted end, receiving only if {@code serverReads}. */
    PipeDriver[] pair(PipeChannel client, boolean serverReads) throws IOException {
        PipeDriver c = endpoint(client, true);
        PipeDriver s = endpoint(acceptOne(), serverReads);
        return new PipeDriver[] {c, s};
    }

    /** A client channel with its own queue limit and maximum message size. */
    PipeChannel connect(int queueLimit, int maxMessageSize) throws IOException {
        return new UnixSockChannel(transport.connect(UnixDomainSocketAddress.of(listener.address())),
                queueLimit, maxMessageSize);
    }

    PipeDriver endpoint(PipeChannel channel, boolean reading) throws IOException {
        PipeDriver e = new PipeDriver(poller, channel, reading);
        toClose.add(e);
        return e;
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
