package io.jswoole.core.loop;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * An event loop's pool of direct buffers for queued output. Output copied into a direct buffer
 * goes to the kernel in place, where a heap copy would be copied once more on its way (and
 * allocated, and collected): that second copy was most of jswoole's extra CPU per request at
 * 16 KiB. Buffers come in power-of-two sizes from 1 KiB to 64 KiB and are reused once written;
 * smaller and larger output stays on the heap. Loop thread only.
 */
public final class OutputBuffers {
    /** Below this, a heap copy is cheaper than a buffer of its own (many small replies are packed into one write). */
    static final int MIN_POOLED = 1 << 10;
    private static final int MIN_SHIFT = 10;
    private static final int MAX_SHIFT = 16;
    /** At most this much is kept for reuse; beyond it, released buffers are left to the collector. */
    private static final long MAX_KEPT_BYTES = 16L << 20;

    @SuppressWarnings("unchecked")
    private final ArrayDeque<ByteBuffer>[] free = new ArrayDeque[MAX_SHIFT - MIN_SHIFT + 1];
    private long keptBytes;

    /** An empty pool; each event loop has one. */
    OutputBuffers() {
        for (int i = 0; i < free.length; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /** A buffer holding a copy of {@code data[offset, offset + length)}, ready to be written. */
    public ByteBuffer copyOf(byte[] data, int offset, int length) {
        ByteBuffer b = take(length);
        b.put(data, offset, length).flip();
        return b;
    }

    /** A buffer holding a copy of {@code src}'s remaining bytes (its position does not move). */
    public ByteBuffer copyOf(ByteBuffer src) {
        ByteBuffer b = take(src.remaining());
        b.put(src.duplicate()).flip();
        return b;
    }

    /** Takes back a buffer {@link #copyOf} made, once it has been written; others are ignored. */
    public void release(ByteBuffer b) {
        if (!b.isDirect() || keptBytes + b.capacity() > MAX_KEPT_BYTES) {
            return;
        }
        int cls = sizeClass(b.capacity());
        if (cls < 0 || 1 << (cls + MIN_SHIFT) != b.capacity()) {
            return;
        }
        b.clear();
        free[cls].push(b);
        keptBytes += b.capacity();
    }

    private ByteBuffer take(int size) {
        int cls = size < MIN_POOLED ? -1 : sizeClass(size);
        if (cls < 0) {
            return ByteBuffer.allocate(size);
        }
        ByteBuffer b = free[cls].poll();
        if (b == null) {
            return ByteBuffer.allocateDirect(1 << (cls + MIN_SHIFT));
        }
        keptBytes -= b.capacity();
        return b;
    }

    /** The size class whose buffers hold {@code size} bytes, or -1 if none is large enough. */
    private static int sizeClass(int size) {
        int shift = Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(size - 1));
        return shift > MAX_SHIFT ? -1 : shift - MIN_SHIFT;
    }
}
