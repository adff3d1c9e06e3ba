package io.jswoole.core.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A read-only view of a region of one buffer, made once and repositioned for every packet after,
 * so that handing packets on allocates nothing in steady state. When asked about another buffer
 * it makes a new view (the old buffer is no longer referenced). Not thread-safe: one per
 * connection (or pipe), used on its loop's thread.
 */
public final class ReadOnlyView {
    private ByteBuffer source;
    private ByteBuffer view;

    /**
     * A read-only view of {@code src}'s bytes {@code [start, end)}: position {@code start}, limit
     * {@code end}, big-endian. The same object is returned for the same {@code src} until
     * another is asked about, so it is valid only until the next call.
     */
    public ByteBuffer of(ByteBuffer src, int start, int end) {
        if (src != source) {
            view = src.asReadOnlyBuffer();
            source = src;
        }
        ByteBuffer v = view;
        v.limit(v.capacity()).position(start);
        v.limit(end);
        v.order(ByteOrder.BIG_ENDIAN);
        return v;
    }

    /** A read-only view of {@code src}'s remaining bytes (see {@link #of(ByteBuffer, int, int)}). */
    public ByteBuffer of(ByteBuffer src) {
        return of(src, src.position(), src.limit());
    }

    /** Drops the buffer viewed (it is being replaced). */
    void forget() {
        source = null;
        view = null;
    }
}
