package io.jswoole.spi.reactor;

import io.jswoole.spi.Provider;
import java.io.IOException;

/**
 * An event-loop backend, chosen by the {@code reactor} setting ({@code epoll}, {@code nio},
 * {@code auto}). A provider's pollers accept only the sockets its own {@link #transport()} opened.
 */
public interface ReactorProvider extends Provider {

    /** Opens a poller for one event loop. */
    Poller openPoller() throws IOException;

    /** Opens listening, connected and datagram sockets that this provider's pollers can watch. */
    Transport transport();
}
