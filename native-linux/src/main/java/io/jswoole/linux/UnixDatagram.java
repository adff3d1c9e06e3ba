package io.jswoole.linux;

import io.jswoole.linux.libc.ArrayCalls;
import io.jswoole.linux.libc.NativeLibrary;
import io.jswoole.linux.libc.SocketCalls;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A blocking Unix datagram socket, which the JDK 17 does not offer: connected to one address to
 * send ({@code sd_notify}'s socket), or bound to a path to receive. An address that starts with
 * {@code @} is in the abstract namespace (the {@code @} stands for the leading NUL byte), as in
 * {@code NOTIFY_SOCKET}. Close-on-exec; a failed call throws the exception of {@link Errors}.
 */
public final class UnixDatagram implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    /** {@code sun_path}'s size, its terminating NUL included. */
    private static final int PATH_MAX = 108;

    private final int fd;
    private boolean closed;

    private UnixDatagram(int fd) {
        this.fd = fd;
    }

    /**
     * A socket whose datagrams go to {@code address}. Fails at once if nothing can receive there:
     * ENOENT for a path that does not exist, ECONNREFUSED for a file that is no socket or a socket
     * nobody has bound, EPROTOTYPE for a stream socket.
     */
    public static UnixDatagram connect(String address) throws IOException {
        byte[] sockaddr = sockaddr(address);
        UnixDatagram s = open();
        if (Calls.C.connect(s.fd, sockaddr, sockaddr.length) != 0) {
            IOException e = Errors.lastError("connect to " + address);
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * A socket bound to {@code address}, to receive on: a file path (which must not exist; the
     * caller removes the file), or an abstract name ({@code @name}, which vanishes with the socket).
     */
    public static UnixDatagram bind(String address) throws IOException {
        byte[] sockaddr = sockaddr(address);
        UnixDatagram s = open();
        if (Calls.C.bind(s.fd, sockaddr, sockaddr.length) != 0) {
            IOException e = Errors.lastError("bind to " + address);
            s.close();
            throw e;
        }
        return s;
    }

    private static UnixDatagram open() throws IOException {
        int fd = Calls.SOCKETS.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Errors.lastError("socket(AF_UNIX, SOCK_DGRAM)");
        }
        return new UnixDatagram(fd);
    }

    /** Sends {@code message} as one datagram to the connected address. */
    public synchronized void send(byte[] message) throws IOException {
        checkOpen();
        if (Calls.C.send(fd, message, message.length, 0) < 0) {
            throw Errors.lastError("send");
        }
    }

    /** The next datagram (up to 64 KiB), or null if none came within {@code timeout}. */
    public byte[] receive(Duration timeout) throws IOException {
        checkOpen();
        ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        tv.putLong(0, Math.max(0, timeout.toSeconds())).putLong(8, timeout.toMillisPart() * 1000L);
        if (timeout.isZero() || timeout.isNegative()) {
            tv.putLong(8, 1); // zero would mean "wait for ever"
        }
        if (Calls.C.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv.array(), 16) != 0) {
            throw Errors.lastError("setsockopt(SO_RCVTIMEO)");
        }
        byte[] buffer = new byte[65536];
        long n = Calls.C.recv(fd, buffer, buffer.length, 0);
        if (n < 0) {
            int errno = Errors.lastErrno();
            if (errno == Errno.EAGAIN) {
                return null;
            }
            throw Errors.exception("recv", errno);
        }
        return Arrays.copyOf(buffer, (int) n);
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("socket closed");
        }
    }

    /** {@code struct sockaddr_un} for a path, or for an abstract name given as {@code @name}. */
    static byte[] sockaddr(String address) {
        boolean abstractName = address.startsWith("@");
        byte[] name = (abstractName ? address.substring(1) : address).getBytes(StandardCharsets.UTF_8);
        if (address.isEmpty() || name.length + 1 > PATH_MAX) {
            throw new IllegalArgumentException("not a Unix socket address (empty, or longer than " + (PATH_MAX - 1)
                    + " bytes): " + address);
        }
        // A path ends with a NUL; an abstract name starts with one and its length is exact.
        byte[] sockaddr = new byte[2 + 1 + name.length];
        ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder()).putShort((short) AF_UNIX);
        System.arraycopy(name, 0, sockaddr, abstractName ? 3 : 2, name.length);
        return sockaddr;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Calls.SOCKETS.close(fd);
        }
    }

    /** Loads the binding when first used. */
    private static final class Calls {
        static final ArrayCalls C = NativeLibrary.arrays();
        static final SocketCalls SOCKETS = NativeLibrary.sockets();
    }
}
