package io.jswoole.core.frame;

import java.io.IOException;

/**
 * The peer sent something that cannot be framed (oversized or malformed); its connection closes.
 * A protocol with error answers (HTTP's status lines, RESP's {@code -ERR}) carries the answer the
 * peer gets before the close.
 */
public final class FrameException extends IOException {
    private static final long serialVersionUID = 1L;

    private final byte[] reply;

    public FrameException(String message) {
        this(message, null);
    }

    /** {@code reply}: the bytes written to the peer before its connection closes, or null for none. */
    public FrameException(String message, byte[] reply) {
        super(message);
        this.reply = reply;
    }

    /** The protocol's error answer to write before closing, or null: close at once. */
    public byte[] reply() {
        return reply == null ? null : reply.clone();
    }
}
