package io.jswoole.reactor.epoll;

import io.jswoole.spi.reactor.OutOfDescriptorsException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;

/**
 * The one place a failed system call becomes an exception: {@code call failed: ENAME (message)}.
 * A refused connection is a {@link ConnectException} and an address in use a {@link BindException},
 * as with the JDK's sockets; running out of descriptors (EMFILE, ENFILE) an
 * {@link OutOfDescriptorsException}; everything else is a {@link NativeIoException} carrying the errno.
 * EAGAIN is never passed here: callers turn it into "nothing done".
 */
final class Errors {
    private Errors() {
    }

    /** The exception for the errno the last {@code @SaveError} call on this thread left. */
    static IOException lastError(String call) {
        return exception(call, Native.errno());
    }

    static IOException exception(String call, int errno) {
        String message = call + " failed: " + Errno.name(errno) + " (" + describe(errno) + ")";
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

    private static String describe(int errno) {
        try {
            return Native.C.strerror(errno);
        } catch (RuntimeException e) {
            return "no description";
        }
    }
}
