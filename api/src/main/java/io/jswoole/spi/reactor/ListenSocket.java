package io.jswoole.spi.reactor;

import java.io.IOException;
import java.net.SocketAddress;

/** A listening stream socket; ready for {@link Poller#READ} when a connection can be accepted. */
public interface ListenSocket extends Pollable {

    /**
     * Accepts one connection (non-blocking, with the listener's per-connection options) or returns {@code null}.
     *
     * @throws OutOfDescriptorsException when no descriptor is left for the connection (it stays queued)
     */
    StreamSocket accept() throws IOException;

    SocketAddress localAddress() throws IOException;
}
