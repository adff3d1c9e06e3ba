package io.jswoole.spi.reactor;

import java.io.IOException;

/**
 * A call failed because the process (EMFILE) or the whole system (ENFILE) has no file descriptor
 * left. From {@link ListenSocket#accept()} it means the pending connection stays queued and the
 * listener stays readable: the caller should stop accepting for a while rather than try again at
 * once. Providers turn their own form of the error into this one.
 */
public class OutOfDescriptorsException extends IOException {
    private static final long serialVersionUID = 1L;

    public OutOfDescriptorsException(String message) {
        super(message);
    }

    public OutOfDescriptorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
