package io.jswoole.linux;

import io.jswoole.spi.reactor.OutOfDescriptorsException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import io.jswoole.linux.libc.NativeLibrary;

/**
 * The one place a failed system call becomes an exception: {@code call failed: ENAME (message)}.
 * A refused connection is a {@link ConnectException} and an address in use a {@link BindException},
 * as with the JDK's sockets; running out of descriptors (EMFILE, ENFILE) an
 * {@link OutOfDescriptorsException}; everything else is a {@link NativeIoException} carrying the errno.
 * EAGAIN is never passed here: callers turn it into "nothing done".
 */
public final class Errors {
    private Errors() {
    }

    /** The errno the last failed call of the native layer ({@link Libc}, {@link Posix}) on this thread left. */
    public static int lastErrno() {
        return NativeLibrary.errno();
    }

    /** The exception for the errno the last failed native call on this thread left. */
    public static IOException lastError(String call) {
        return exception(call, lastErrno());
    }

    /** The exception for {@code errno}, set by {@code call}. */
    public static IOException exception(String call, int errno) {
        String message = message(call, errno);
        switch (errno) {
            case Errno.ECONNREFUSED:
                return new ConnectException(message);
            case Errno.EADDRINUSE:
            case Errno.EADDRNOTAVAIL:
                return new BindException(message);
            case Errno.EMFILE:
            case Errno.ENFILE:
                return new OutOfDescriptorsException(message);
            default:
                return new NativeIoException(message, errno);
        }
    }

    /** {@code call failed: ENAME (message)}. */
    public static String message(String call, int errno) {
        return call + " failed: " + Errno.name(errno) + " (" + describe(errno) + ")";
    }

    /**
     * The C library's text for {@code errno} ({@code strerror_r}). The library is loaded already:
     * the errno came from one of its calls. (jnr-constants' table of the texts costs a worker some
     * 40 ms of its start, where the acceptor prepares the exception it throws once descriptors run out.)
     */
    private static String describe(int errno) {
        return Posix.strerror(errno);
    }
}
