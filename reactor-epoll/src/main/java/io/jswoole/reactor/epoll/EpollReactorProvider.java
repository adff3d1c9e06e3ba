package io.jswoole.reactor.epoll;

import io.jswoole.spi.Availability;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;

/**
 * The {@code epoll} reactor ({@code reactor=epoll}): Linux epoll and sockets on raw descriptors,
 * called through jswoole's native library. Priority 20, above {@code nio}, so {@code reactor=auto} picks it
 * wherever {@link Epoll} finds it available.
 *
 * <p>Beyond java.nio it has Unix datagram sockets and every listener option of a port
 * ({@code tcp_defer_accept}, {@code tcp_fastopen}, {@code tcp_user_timeout} included).
 */
public final class EpollReactorProvider implements ReactorProvider {
    private final EpollTransport transport = new EpollTransport();

    /** Creates the provider; used by {@link java.util.ServiceLoader}. Probes nothing. */
    public EpollReactorProvider() {
    }

    @Override
    public String name() {
        return "epoll";
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public Availability availability() {
        return Epoll.availability();
    }

    /** {@inheritDoc} Fails with {@link Epoll#ensureAvailability()}'s reason where epoll is unavailable. */
    @Override
    public Poller openPoller() throws IOException {
        Epoll.ensureAvailability();
        return EpollPoller.open();
    }

    @Override
    public Transport transport() {
        Epoll.ensureAvailability();
        return transport;
    }
}
