package io.jswoole.reactor.nio;

import io.jswoole.spi.Availability;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.nio.channels.Selector;

/**
 * The {@code nio} reactor ({@code reactor=nio}): one JDK {@link Selector} per event loop, and the
 * JDK's channels for TCP and UDP over IPv4/IPv6 and for Unix stream sockets. Available on every
 * platform, with priority 10 so that a native reactor can rank above it.
 *
 * <p>What java.nio cannot do is refused, never ignored: Unix datagram sockets, and the listener
 * options {@code tcp_defer_accept}, {@code tcp_fastopen} and {@code tcp_user_timeout} fail with a
 * {@link io.jswoole.settings.SettingsException} that points to {@code reactor=epoll}.
 */
public final class NioReactorProvider implements ReactorProvider {
    private final NioTransport transport = new NioTransport();

    /** Creates the provider; used by {@link java.util.ServiceLoader}. */
    public NioReactorProvider() {
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability availability() {
        return Availability.available();
    }

    @Override
    public Poller openPoller() throws IOException {
        return new NioPoller(Selector.open());
    }

    @Override
    public Transport transport() {
        return transport;
    }
}
