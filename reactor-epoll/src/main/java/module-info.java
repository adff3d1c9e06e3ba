/**
 * The {@code epoll} Reactor provider: Linux epoll, an eventfd for wake-ups, and TCP, UDP and Unix
 * (stream and datagram) sockets on raw descriptors, called through jnr-ffi. See
 * {@link io.jswoole.reactor.epoll.EpollReactorProvider}.
 */
module io.jswoole.reactor.epoll {
    requires transitive io.jswoole.api;
    requires io.jswoole.linux;
    requires org.jnrproject.ffi;
    // jnr-ffi is an automatic module and declares nothing; it generates its bindings with ASM,
    // which the module path resolves only when some module requires it.
    requires org.objectweb.asm;

    exports io.jswoole.reactor.epoll;
    // jnr-ffi implements the binding in a class loader of its own, which must see the interface.
    exports io.jswoole.reactor.epoll.libc;

    provides io.jswoole.spi.reactor.ReactorProvider with io.jswoole.reactor.epoll.EpollReactorProvider;
}
