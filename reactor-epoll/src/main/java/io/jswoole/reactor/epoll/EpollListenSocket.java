package io.jswoole.reactor.epoll;

import io.jswoole.linux.Errno;
import io.jswoole.linux.Errors;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * A listening TCP or Unix stream socket. It waits only for {@link Poller#READ} (a pending
 * connection). Accepted sockets are non-blocking and close-on-exec from the start ({@code
 * accept4}), and carry the listener's options (see {@link ListenerOptions}); only a Unix
 * connection, which the kernel does not copy from its listener, has its send buffer size set after
 * accepting. Closing a Unix listener removes its socket file.
 */
final class EpollListenSocket extends EpollSocket implements ListenSocket {
    private final SocketAddress local;
    private final UnixSocketFile socketFile;
    private final int unixSendBuffer;

    /**
     * @param local          the bound address
     * @param socketFile     the socket file of a Unix listener, or {@code null}
     * @param unixSendBuffer SO_SNDBUF for each accepted Unix connection; 0 for none
     */
    EpollListenSocket(FileDescriptor fd, SocketAddress local, UnixSocketFile socketFile, int unixSendBuffer) {
        super(fd);
        this.local = local;
        this.socketFile = socketFile;
        this.unixSendBuffer = unixSendBuffer;
    }

    @Override
    void checkInterest(int interest) {
        super.checkInterest(interest);
        if ((interest & Poller.WRITE) != 0) {
            throw new IllegalArgumentException("a listening socket can wait only for Poller.READ");
        }
    }

    @Override
    public StreamSocket accept() throws IOException {
        int listener = fd.get();
        IoScratch scratch = IoScratch.current();
        while (true) {
            scratch.resetPeerLength();
            int c = Native.C.accept4(listener, scratch.peerAddress, scratch.peerLengthAddress,
                    Linux.SOCK_NONBLOCK | Linux.SOCK_CLOEXEC);
            if (c >= 0) {
                FileDescriptor connection = new FileDescriptor(c);
                try {
                    SocketAddress remote = SockAddr.decode(scratch.peer, scratch.peerLength());
                    if (unixSendBuffer > 0) {
                        Sockopt.set(c, Linux.SOL_SOCKET, Linux.SO_SNDBUF, unixSendBuffer, "SO_SNDBUF");
                    }
                    return new EpollStreamSocket(connection, remote);
                } catch (IOException | RuntimeException e) {
                    connection.close();
                    throw e;
                }
            }
            int errno = Errors.lastErrno();
            if (BufferIo.isWouldBlock(errno)) {
                return null;
            }
            if (errno != Errno.ECONNABORTED) { // aborted: reset before it was accepted; take the next one
                throw Errors.exception("accept4", errno);
            }
        }
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        fd.get();
        return local;
    }

    @Override
    public void close() throws IOException {
        if (fd.close() && socketFile != null) {
            socketFile.deleteIfUnchanged();
        }
    }

    @Override
    public void release() {
        fd.close();
    }

    @Override
    public String toString() {
        return "EpollListenSocket[" + fd + ", " + local + "]";
    }
}
