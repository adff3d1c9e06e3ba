package io.jswoole.linux;

import io.jswoole.linux.libc.ArrayCalls;
import io.jswoole.linux.libc.NativeLibrary;
import io.jswoole.linux.libc.SocketCalls;
import io.jswoole.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Hands open descriptors to another process, which a JVM cannot inherit from the JVM that
 * starts it: a {@link Server} listens on a Unix {@code SOCK_SEQPACKET} socket and sends every
 * process that connects the same descriptors ({@code SCM_RIGHTS}) with a short message;
 * {@link #receive} connects and takes them. Who may connect is up to the socket file's
 * directory: keep it private to the user.
 *
 * <p>The layouts of {@code struct msghdr}, {@code iovec} and {@code cmsghdr} are those of
 * 64-bit Linux.
 */
public final class DescriptorPassing {
    /** The most descriptors one message may carry ({@code SCM_MAX_FD}). */
    public static final int MAX_DESCRIPTORS = 253;
    /** The longest message that goes with the descriptors. */
    public static final int MAX_MESSAGE = 4096;

    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_SNDTIMEO = 21;
    private static final int SHUT_RDWR = 2;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_CTRUNC = 0x8;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int MSGHDR_SIZE = 56;
    private static final int CMSG_HEADER = 16;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);

    private DescriptorPassing() {
    }

    /** What {@link #receive} took: the message and the descriptors, now this process's own. */
    public record Received(byte[] message, int[] descriptors) {
    }

    /**
     * Listens at {@code path} (which must not exist) and hands {@code descriptors} and
     * {@code message} to every process that connects, on a daemon thread, until closed. The
     * descriptors stay the caller's: it keeps them open while the server runs.
     */
    public static Server serve(Path path, int[] descriptors, byte[] message) throws IOException {
        if (descriptors.length == 0 || descriptors.length > MAX_DESCRIPTORS) {
            throw new IllegalArgumentException("1 to " + MAX_DESCRIPTORS + " descriptors, not " + descriptors.length);
        }
        if (message.length == 0 || message.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("a message of 1 to " + MAX_MESSAGE + " bytes, not " + message.length);
        }
        int fd = open();
        byte[] address = UnixDatagram.sockaddr(path.toString());
        if (Calls.C.bind(fd, address, address.length) != 0 || Calls.SOCKETS.listen(fd, 64) != 0) {
            IOException e = Errors.lastError("bind and listen on " + path);
            Calls.SOCKETS.close(fd);
            throw e;
        }
        return new Server(fd, path, descriptors.clone(), message.clone());
    }

    /**
     * Connects to the {@link Server} at {@code path} and takes what it hands out.
     *
     * @throws IOException if nothing listens there, or nothing came within {@code timeout}
     */
    public static Received receive(Path path, Duration timeout) throws IOException {
        int fd = open();
        try {
            timeout(fd, SO_RCVTIMEO, timeout);
            byte[] address = UnixDatagram.sockaddr(path.toString());
            if (Calls.C.connect(fd, address, address.length) != 0) {
                throw Errors.lastError("connect to " + path);
            }
            Message m = new Message(MAX_MESSAGE, MAX_DESCRIPTORS);
            long n = Calls.SOCKETS.recvmsg(fd, m.header, MSG_CMSG_CLOEXEC);
            if (n < 0) {
                int errno = Errors.lastErrno();
                throw errno == Errno.EAGAIN ? new IOException("no descriptors from " + path + " within " + timeout.toMillis()
                        + " ms") : Errors.exception("recvmsg from " + path, errno);
            }
            int[] descriptors = m.descriptors();
            if ((m.flags() & MSG_CTRUNC) != 0) {
                closeAll(descriptors);
                throw new IOException("descriptors from " + path + " were truncated");
            }
            return new Received(m.message((int) n), descriptors);
        } finally {
            Calls.SOCKETS.close(fd);
        }
    }

    /** Closes descriptors taken with {@link #receive} that the caller does not keep. */
    public static void closeAll(int[] descriptors) {
        for (int d : descriptors) {
            Calls.SOCKETS.close(d);
        }
    }

    private static int open() throws IOException {
        int fd = Calls.SOCKETS.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Errors.lastError("socket(AF_UNIX, SOCK_SEQPACKET)");
        }
        return fd;
    }

    private static void timeout(int fd, int option, Duration timeout) throws IOException {
        ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        long micros = Math.max(1, timeout.toNanos() / 1000); // zero would mean "wait for ever"
        tv.putLong(0, micros / 1_000_000).putLong(8, micros % 1_000_000);
        if (Calls.C.setsockopt(fd, SOL_SOCKET, option, tv.array(), 16) != 0) {
            throw Errors.lastError("setsockopt(SO_RCVTIMEO/SO_SNDTIMEO)");
        }
    }

    /**
     * A {@code struct msghdr} with one {@code iovec} and room for one {@code SCM_RIGHTS} control
     * message, in one direct buffer: header, iovec, control message, data.
     */
    private static final class Message {
        private static final int IOV = MSGHDR_SIZE;
        private static final int CONTROL = IOV + 16;

        final ByteBuffer memory;
        final long header;
        private final int data;

        Message(int dataSize, int maxDescriptors) {
            int controlSize = CMSG_HEADER + ((maxDescriptors * 4 + 7) & ~7);
            data = CONTROL + controlSize;
            memory = ByteBuffer.allocateDirect(data + dataSize).order(ByteOrder.nativeOrder());
            header = NativeLibrary.address(memory);
            memory.putLong(IOV, header + data).putLong(IOV + 8, dataSize);
            memory.putLong(16, header + IOV);      // msg_iov
            memory.putLong(24, 1);                 // msg_iovlen
            memory.putLong(32, header + CONTROL);  // msg_control
            memory.putLong(40, controlSize);       // msg_controllen
        }

        /** A message to send: {@code payload} with {@code descriptors}. */
        static Message of(byte[] payload, int[] descriptors) {
            Message m = new Message(payload.length, descriptors.length);
            m.memory.put(m.data, payload);
            m.memory.putLong(CONTROL, CMSG_HEADER + 4L * descriptors.length); // cmsg_len
            m.memory.putInt(CONTROL + 8, SOL_SOCKET);
            m.memory.putInt(CONTROL + 12, SCM_RIGHTS);
            for (int i = 0; i < descriptors.length; i++) {
                m.memory.putInt(CONTROL + CMSG_HEADER + 4 * i, descriptors[i]);
            }
            return m;
        }

        /** The flags the kernel set on a received message ({@code msg_flags}). */
        int flags() {
            return memory.getInt(48);
        }

        byte[] message(int length) {
            byte[] bytes = new byte[length];
            memory.get(data, bytes);
            return bytes;
        }

        /** The descriptors of the first control message, if it is {@code SCM_RIGHTS}. */
        int[] descriptors() {
            long controlLength = memory.getLong(40);
            if (controlLength < CMSG_HEADER || memory.getInt(CONTROL + 8) != SOL_SOCKET
                    || memory.getInt(CONTROL + 12) != SCM_RIGHTS) {
                return new int[0];
            }
            int n = (int) ((memory.getLong(CONTROL) - CMSG_HEADER) / 4);
            int[] fds = new int[n];
            for (int i = 0; i < n; i++) {
                fds[i] = memory.getInt(CONTROL + CMSG_HEADER + 4 * i);
            }
            return fds;
        }
    }

    /** The listening side of {@link DescriptorPassing}; closing it stops handing out and removes the socket file. */
    public static final class Server implements AutoCloseable {
        private final int fd;
        private final Path path;
        private final Message message;
        private final Thread thread;
        private volatile boolean closed;

        private Server(int fd, Path path, int[] descriptors, byte[] payload) {
            this.fd = fd;
            this.path = path;
            this.message = Message.of(payload, descriptors);
            this.thread = new Thread(this::serve, "jswoole-descriptors");
            thread.setDaemon(true);
            thread.start();
        }

        public Path path() {
            return path;
        }

        private void serve() {
            while (!closed) {
                int client = Calls.SOCKETS.accept4(fd, 0, 0, SOCK_CLOEXEC);
                if (client < 0) {
                    int errno = Errors.lastErrno();
                    if (closed || (errno != Errno.EINTR && errno != Errno.ECONNABORTED && errno != Errno.EMFILE
                            && errno != Errno.ENFILE)) {
                        return;
                    }
                    continue;
                }
                try {
                    // A client that never reads must not hold up the others.
                    timeout(client, SO_SNDTIMEO, SEND_TIMEOUT);
                    if (Calls.SOCKETS.sendmsg(client, message.header, MSG_NOSIGNAL) < 0) {
                        Log.warn(Errors.message("sendmsg of descriptors on " + path, Errors.lastErrno()));
                    }
                } catch (IOException e) {
                    Log.warn("handing out descriptors on " + path + ": " + e.getMessage());
                } finally {
                    Calls.SOCKETS.close(client);
                }
            }
        }

        /** Stops handing out, waits for the thread, closes the socket and removes its file; idempotent. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            Calls.SOCKETS.shutdown(fd, SHUT_RDWR); // wakes the thread blocked in accept
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Calls.SOCKETS.close(fd);
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                Log.warn("cannot remove " + path + ": " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "DescriptorPassing.Server[" + path + "]";
        }
    }

    /** Loads the binding when first used. */
    private static final class Calls {
        static final ArrayCalls C = NativeLibrary.arrays();
        static final SocketCalls SOCKETS = Libc.sockets();
    }
}
