/**
 * The {@code nio} Reactor provider: a java.nio {@link java.nio.channels.Selector} with the JDK's
 * TCP, UDP and Unix stream channels. Portable and always available; see
 * {@link io.jswoole.reactor.nio.NioReactorProvider} for what it cannot do.
 */
module io.jswoole.reactor.nio {
    requires io.jswoole.api;
    requires jdk.net;

    provides io.jswoole.spi.reactor.ReactorProvider with io.jswoole.reactor.nio.NioReactorProvider;
}
