package io.jswoole.reactor.epoll;

import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.testing.Sockets;
import java.io.IOException;

/** Sockets on 127.0.0.1 through the epoll transport, for the tests of what only epoll does. */
final class Loopback {
    static final EpollReactorProvider REACTOR = new EpollReactorProvider();

    private Loopback() {
    }

    static ListenSocket listen() throws IOException {
        return Sockets.listen(REACTOR);
    }

    /** Waits for one connection on {@code listener} with a poller of its own. */
    static StreamSocket acceptOne(ListenSocket listener) throws IOException {
        return Sockets.acceptOne(REACTOR, listener);
    }

    /** The socket's descriptor, for getsockopt and /proc checks. */
    static int fd(Object socket) throws IOException {
        return ((EpollSocket) socket).fd.get();
    }
}
