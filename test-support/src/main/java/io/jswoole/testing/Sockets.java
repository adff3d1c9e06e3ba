package io.jswoole.testing;

import io.jswoole.settings.Settings;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

/** Sockets on 127.0.0.1 through a provider's transport, and JDK clients. */
public final class Sockets {
    public static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private Sockets() {
    }

    public static SocketOptions defaults() {
        return SocketOptions.of(Settings.empty());
    }

    public static ListenSocket listen(ReactorProvider reactor) throws IOException {
        return reactor.transport().listen(LOOPBACK, defaults());
    }

    /** A blocking JDK client with a read timeout. */
    public static Socket connect(ListenSocket listener) throws IOException {
        Socket s = new Socket();
        s.connect(listener.localAddress(), (int) Await.DEADLINE_MILLIS);
        s.setSoTimeout((int) Await.DEADLINE_MILLIS);
        return s;
    }

    /** Waits for one connection on {@code listener} with a poller of {@code reactor}. */
    public static StreamSocket acceptOne(ReactorProvider reactor, ListenSocket listener) throws IOException {
        AtomicReference<StreamSocket> accepted = new AtomicReference<>();
        try (Poller poller = reactor.openPoller()) {
            poller.register(listener, Poller.READ, ops -> {
                try {
                    accepted.set(listener.accept());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Await.pollUntil(poller, () -> accepted.get() != null);
        }
        return accepted.get();
    }

    /** Reads into {@code buffer} until it is full or the stream ends, polling with {@code poller}. */
    public static int readFully(Poller poller, StreamSocket socket, ByteBuffer buffer) throws IOException {
        int[] eof = {0};
        Await.pollUntil(poller, () -> {
            try {
                if (socket.read(buffer) < 0) {
                    eof[0] = -1;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return eof[0] < 0 || !buffer.hasRemaining();
        });
        return eof[0] < 0 ? -1 : buffer.position();
    }

    public static boolean ipv6() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
