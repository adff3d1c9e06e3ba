package io.jswoole.spi.pipe;

import io.jswoole.spi.Provider;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A message transport between the server's processes. The parent {@linkplain #open opens} a
 * private group before spawning children; each child {@linkplain #join joins} it by the group's
 * address and its peer id. Messages keep their boundaries; a full channel pushes back on the
 * sender instead of buffering without bound.
 */
public interface PipeProvider extends Provider {

    /**
     * Opens the parent's side of a group of {@code peers} channels.
     *
     * @param transport  the event loop's transport, so that socket-based pipes are polled in the
     *                   same loop as client sockets
     * @param privateDir a directory only this server's user can enter (mode 0700) for any files
     */
    PipeGroup open(int peers, Transport transport, Path privateDir) throws IOException;

    /** Opens a child's channel to the group at {@code address} as peer {@code peerId}. */
    PipeChannel join(String address, int peerId, Transport transport) throws IOException;
}
