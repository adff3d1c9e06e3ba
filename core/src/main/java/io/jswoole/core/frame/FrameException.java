package io.jswoole.core.frame;

import java.io.IOException;

/** The peer sent something that cannot be framed (oversized or malformed); its connection closes. */
public final class FrameException extends IOException {
    private static final long serialVersionUID = 1L;

    public FrameException(String message) {
        super(message);
    }
}
