package io.jswoole.ipc.unixsock;

import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.nio.file.Path;

/** A listening Unix socket in the run directory; each accepted connection is one {@link UnixSockChannel}. */
final class UnixSockListener implements PipeListener {
    private final ListenSocket socket;
    private final Path path;

    /** @param socket listening on {@code path}; closing it removes the socket file (Transport contract) */
    UnixSockListener(ListenSocket socket, Path path) {
        this.socket = socket;
        this.path = path;
    }

    /** The socket file's path. */
    @Override
    public String address() {
        return path.toString();
    }

    @Override
    public Pollable pollable() {
        return socket;
    }

    @Override
    public PipeChannel accept() throws IOException {
        StreamSocket connection = socket.accept();
        return connection == null ? null : new UnixSockChannel(connection);
    }

    /** Stops listening and removes the socket file. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return "UnixSockListener[" + path + "]";
    }
}
