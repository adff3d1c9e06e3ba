package io.jswoole.reactor.epoll;

import io.jswoole.linux.Errno;
import io.jswoole.linux.Errors;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/** A connected, non-blocking TCP or Unix stream socket. */
final class EpollStreamSocket extends EpollSocket implements StreamSocket {
    private final SocketAddress remote;
    private SocketAddress local;

    /** @param remote the peer, as accept4 or connect reported it */
    EpollStreamSocket(FileDescriptor fd, SocketAddress remote) {
        super(fd);
        this.remote = remote;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return BufferIo.read(fd.get(), dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return BufferIo.write(fd.get(), src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset > srcs.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + srcs.length);
        }
        return BufferIo.write(fd.get(), srcs, offset, length);
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (Native.C.shutdown(fd.get(), Linux.SHUT_WR) != 0) {
            int errno = Errors.lastErrno();
            if (errno != Errno.ENOTCONN) { // the peer is gone already: nothing to end
                throw Errors.exception("shutdown", errno);
            }
        }
    }

    @Override
    public void abort() throws IOException {
        if (fd.isOpen()) {
            Sockopt.lingerZero(fd.get()); // a failure only means the connection is gone already
        }
        close();
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        fd.get();
        return remote;
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        if (local == null) {
            local = LocalAddress.of(fd.get());
        }
        return local;
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "EpollStreamSocket[" + fd + ", remote " + remote + "]";
    }
}
