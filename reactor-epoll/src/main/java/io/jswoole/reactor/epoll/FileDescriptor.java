package io.jswoole.reactor.epoll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedChannelException;

/**
 * Owns one descriptor: exactly one close, however many callers ask. Once closed, {@link #get()}
 * fails, so a stale number (possibly reused by the kernel for another file) is never used.
 */
final class FileDescriptor {
    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(FileDescriptor.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int fd;
    @SuppressWarnings("unused") // accessed through CLOSED
    private volatile boolean closed;

    FileDescriptor(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("invalid descriptor " + fd);
        }
        this.fd = fd;
    }

    /** The descriptor, for a call on the owning thread. */
    int get() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
        return fd;
    }

    boolean isOpen() {
        return !closed;
    }

    /**
     * Closes the descriptor if this is the first call; returns whether it was. Linux releases the
     * descriptor whatever close returns, so there is nothing to retry or report.
     */
    boolean close() {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return false;
        }
        Native.C.close(fd);
        return true;
    }

    @Override
    public String toString() {
        return closed ? "fd " + fd + " (closed)" : "fd " + fd;
    }
}
