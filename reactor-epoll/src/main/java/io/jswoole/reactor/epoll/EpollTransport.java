package io.jswoole.reactor.epoll;

import io.jswoole.linux.Errors;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;

/**
 * Opens sockets with {@code socket(2)} on raw descriptors, all close-on-exec: TCP and UDP over
 * IPv4 or IPv6 (IPv6 sockets are dual-stack), Unix stream and Unix datagram sockets.
 */
final class EpollTransport implements Transport {

    @Override
    public ListenSocket listen(SocketAddress address, SocketOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        int family = SockAddr.family(address);
        UnixDomainSocketAddress unix = address instanceof UnixDomainSocketAddress u ? u : null;
        if (unix != null) {
            UnixSocketFile.deleteIfStale(unix, Linux.SOCK_STREAM);
        }
        FileDescriptor fd = open(family, Linux.SOCK_STREAM | Linux.SOCK_NONBLOCK);
        UnixSocketFile file = null;
        try {
            if (unix != null) {
                ListenerOptions.unix(fd.get(), options);
            } else {
                ListenerOptions.tcpListener(fd.get(), family == Linux.AF_INET6, options);
            }
            bind(fd, address, family);
            file = unix != null ? UnixSocketFile.boundAt(unix.getPath()) : null;
            if (Native.C.listen(fd.get(), options.backlog()) != 0) {
                throw Errors.lastError("listen");
            }
            SocketAddress local = unix != null ? unix : LocalAddress.of(fd.get());
            return new EpollListenSocket(fd, local, file, unix != null ? options.sendBufferSize() : 0);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(fd, file, e);
            throw e;
        }
    }

    @Override
    public DatagramSocket bindDatagram(SocketAddress address, SocketOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        int family = SockAddr.family(address);
        UnixDomainSocketAddress unix = address instanceof UnixDomainSocketAddress u ? u : null;
        if (unix != null) {
            UnixSocketFile.deleteIfStale(unix, Linux.SOCK_DGRAM);
        }
        FileDescriptor fd = open(family, Linux.SOCK_DGRAM | Linux.SOCK_NONBLOCK);
        UnixSocketFile file = null;
        try {
            if (unix != null) {
                ListenerOptions.unix(fd.get(), options);
            } else {
                ListenerOptions.udp(fd.get(), family == Linux.AF_INET6, options);
            }
            bind(fd, address, family);
            file = unix != null ? UnixSocketFile.boundAt(unix.getPath()) : null;
            SocketAddress local = unix != null ? unix : LocalAddress.of(fd.get());
            return new EpollDatagramSocket(fd, family, local, file);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(fd, file, e);
            throw e;
        }
    }

    @Override
    public StreamSocket connect(SocketAddress address) throws IOException {
        int family = SockAddr.family(address);
        // Blocking while connecting, as the contract asks; non-blocking once connected.
        FileDescriptor fd = open(family, Linux.SOCK_STREAM);
        try {
            IoScratch scratch = IoScratch.current();
            int length = scratch.encodeTarget(address, family);
            if (Native.C.connect(fd.get(), scratch.targetAddress, length) != 0) {
                throw Errors.lastError("connect to " + address);
            }
            if (Native.C.fcntl(fd.get(), Linux.F_SETFL, Linux.O_NONBLOCK) != 0) {
                throw Errors.lastError("fcntl(O_NONBLOCK)");
            }
            return new EpollStreamSocket(fd, address instanceof UnixDomainSocketAddress ? address : SockAddr.inet(address));
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    @Override
    public Pollable adopt(int fd) throws IOException {
        if (fd < 0) {
            throw new IllegalArgumentException("invalid descriptor " + fd);
        }
        // getsockopt fails with ENOTSOCK (or EBADF) on a descriptor that is no socket.
        int type = Sockopt.get(fd, Linux.SOL_SOCKET, Linux.SO_TYPE, "SO_TYPE on descriptor " + fd);
        int family = Sockopt.get(fd, Linux.SOL_SOCKET, Linux.SO_DOMAIN, "SO_DOMAIN on descriptor " + fd);
        if (family != Linux.AF_INET && family != Linux.AF_INET6 && family != Linux.AF_UNIX) {
            throw new IOException("descriptor " + fd + " is a socket of address family " + family
                    + ", not IPv4, IPv6 or Unix");
        }
        if (type == Linux.SOCK_STREAM
                && Sockopt.get(fd, Linux.SOL_SOCKET, Linux.SO_ACCEPTCONN, "SO_ACCEPTCONN on descriptor " + fd) == 0) {
            throw new IOException("descriptor " + fd + " is a stream socket that does not listen");
        }
        if (type != Linux.SOCK_STREAM && type != Linux.SOCK_DGRAM) {
            throw new IOException("descriptor " + fd + " is a socket of type " + type + ", not stream or datagram");
        }
        int flags = Native.C.fcntl(fd, Linux.F_GETFL, 0);
        if (flags < 0 || Native.C.fcntl(fd, Linux.F_SETFL, flags | Linux.O_NONBLOCK) != 0) {
            throw Errors.lastError("fcntl(O_NONBLOCK) on descriptor " + fd);
        }
        if (Native.C.fcntl(fd, Linux.F_SETFD, Linux.FD_CLOEXEC) != 0) {
            throw Errors.lastError("fcntl(FD_CLOEXEC) on descriptor " + fd);
        }
        SocketAddress local = LocalAddress.of(fd);
        FileDescriptor owned = new FileDescriptor(fd);
        return type == Linux.SOCK_STREAM ? new EpollListenSocket(owned, local, null, 0)
                : new EpollDatagramSocket(owned, family, local, null);
    }

    @Override
    public boolean passesDescriptors() {
        return true;
    }

    @Override
    public int descriptor(Pollable socket) {
        if (!(socket instanceof EpollSocket s)) {
            throw new IllegalArgumentException("not a socket of the epoll reactor: " + socket);
        }
        try {
            return s.fd.get();
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("socket closed: " + socket, e);
        }
    }

    private static FileDescriptor open(int family, int type) throws IOException {
        int fd = Native.C.socket(family, type | Linux.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Errors.lastError("socket");
        }
        return new FileDescriptor(fd);
    }

    private static void bind(FileDescriptor fd, SocketAddress address, int family) throws IOException {
        IoScratch scratch = IoScratch.current();
        int length = scratch.encodeTarget(address, family);
        if (Native.C.bind(fd.get(), scratch.targetAddress, length) != 0) {
            throw Errors.lastError("bind to " + address);
        }
    }

    private static void closeAfterFailure(FileDescriptor fd, UnixSocketFile file, Exception failure) {
        fd.close();
        if (file != null) {
            try {
                file.deleteIfUnchanged();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
