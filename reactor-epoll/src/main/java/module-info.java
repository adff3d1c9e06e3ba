/**
 * The {@code epoll} Reactor provider: Linux epoll, an eventfd for wake-ups, and TCP, UDP and Unix
 * (stream and datagram) sockets on raw descriptors, called through the shared C library binding of io.jswoole.linux. See
 * {@link io.jswoole.reactor.epoll.EpollReactorProvider}.
 */
module io.jswoole.reactor.epoll {
    requires transitive io.jswoole.api;
    requires io.jswoole.linux;

    exports io.jswoole.reactor.epoll;

    provides io.jswoole.spi.reactor.ReactorProvider with io.jswoole.reactor.epoll.EpollReactorProvider;
}
