package io.jswoole.reactor.epoll;

import io.jswoole.settings.Settings;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

/** Sockets on 127.0.0.1 for the tests, through the epoll transport and the JDK. */
final class Loopback {
    static final EpollReactorProvider REACTOR = new EpollReactorProvider();
    static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private Loopback() {
    }

    static SocketOptions defaults() {
        return SocketOptions.of(Settings.empty());
    }

    static ListenSocket listen() throws IOException {
        return REACTOR.transport().listen(ANY_PORT, defaults());
    }

    /** A blocking JDK client with a read timeout. */
    static Socket connect(ListenSocket listener) throws IOException {
        Socket s = new Socket();
        s.connect(listener.localAddress(), (int) Await.DEADLINE_MILLIS);
        s.setSoTimeout((int) Await.DEADLINE_MILLIS);
        return s;
    }

    /** Waits for one connection on {@code listener} with a poller of its own. */
    static StreamSocket acceptOne(ListenSocket listener) throws IOException {
        AtomicReference<StreamSocket> accepted = new AtomicReference<>();
        try (Poller poller = REACTOR.openPoller()) {
            poller.register(listener, Poller.READ, ops -> {
                try {
                    accepted.set(listener.accept());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            Await.pollUntil(poller, () -> accepted.get() != null);
        }
        return accepted.get();
    }

    static boolean ipv6() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The socket's descriptor, for getsockopt and /proc checks. */
    static int fd(Object socket) throws IOException {
        return ((EpollSocket) socket).fd.get();
    }
}
