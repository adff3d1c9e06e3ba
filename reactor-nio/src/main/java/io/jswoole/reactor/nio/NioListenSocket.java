package io.jswoole.reactor.nio;

import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.OutOfDescriptorsException;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listening TCP or Unix stream socket: a non-blocking {@link ServerSocketChannel}. It waits only
 * for {@link Poller#READ} (a pending connection). Closing a Unix listener removes its socket file.
 */
final class NioListenSocket implements ListenSocket, NioPollable {
    private final ServerSocketChannel channel;
    private final AcceptedOptions accepted;
    private final UnixSocketFile socketFile;

    /**
     * @param channel    bound, listening and in non-blocking mode
     * @param accepted   the options each accepted connection gets
     * @param socketFile the socket file of a Unix listener, or {@code null}
     */
    NioListenSocket(ServerSocketChannel channel, AcceptedOptions accepted, UnixSocketFile socketFile) {
        this.channel = channel;
        this.accepted = accepted;
        this.socketFile = socketFile;
    }

    @Override
    public ServerSocketChannel channel() {
        return channel;
    }

    @Override
    public int selectionOps(int pollerOps) {
        NioPollable.checkOps(pollerOps);
        if ((pollerOps & Poller.WRITE) != 0) {
            throw new IllegalArgumentException("a listening socket can wait only for Poller.READ");
        }
        return pollerOps == 0 ? 0 : SelectionKey.OP_ACCEPT;
    }

    /** {@inheritDoc} If an option cannot be set on the new connection, it is closed and the error thrown. */
    @Override
    public StreamSocket accept() throws IOException {
        SocketChannel connection;
        try {
            connection = channel.accept();
        } catch (IOException e) {
            throw isOutOfDescriptors(e) ? new OutOfDescriptorsException("accept failed: " + e.getMessage(), e) : e;
        }
        if (connection == null) {
            return null;
        }
        try {
            connection.configureBlocking(false);
            accepted.applyTo(connection);
        } catch (IOException | RuntimeException e) {
            try {
                connection.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new NioStreamSocket(connection);
    }

    /**
     * The JDK reports EMFILE and ENFILE only by their text ({@code strerror}): "Too many open
     * files" and "Too many open files in system".
     */
    static boolean isOutOfDescriptors(IOException e) {
        String m = e.getMessage();
        return m != null && m.startsWith("Too many open files");
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (socketFile != null) {
                socketFile.deleteIfUnchanged();
            }
        }
    }

    @Override
    public void release() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "NioListenSocket[" + channel + "]";
    }
}
