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

    /**
     * Closes this process's hold on the socket and leaves a Unix socket's file in place: another
     * process serves the same socket now (a new master after an upgrade). {@link #close()} also
     * removes the file of a Unix listener this process bound. The default closes: a reactor whose
     * sockets cannot be handed over has nothing to leave.
     */
    default void release() throws IOException {
        close();
    }
}
