package io.jswoole.linux;

import java.io.IOException;

/** A system call failed; carries the errno and its name. */
public final class NativeIoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /** {@code message} as {@link Errors#message} writes it. */
    public NativeIoException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The errno value, such as 104 for {@code ECONNRESET}. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, such as {@code ECONNRESET}. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
