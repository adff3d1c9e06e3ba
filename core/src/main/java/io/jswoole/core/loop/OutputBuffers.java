package io.jswoole.core.loop;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * An event loop's pool of direct buffers for queued output. Output copied into a direct buffer
 * goes to the kernel in place, where a heap copy would be copied once more on its way (and
 * allocated, and collected): that second copy was most of jswoole's extra CPU per request at
 * 16 KiB. Buffers come in power-of-two sizes from 1 KiB to 64 KiB and are reused once written
 * (small replies share one buffer: see the connection's output queue); larger output stays on
 * the heap. Loop thread only.
 */
public final class OutputBuffers {
    private static final int MIN_SHIFT = 10;
    private static final int MAX_SHIFT = 16;
    /** At most this much is kept for reuse; beyond it, released buffers are left to the collector. */
    private static final long MAX_KEPT_BYTES = 16L << 20;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private final ArrayDeque<ByteBuffer>[] free = new ArrayDeque[MAX_SHIFT - MIN_SHIFT + 1];
    private long keptBytes;

    /** An empty pool; each event loop has one. */
    OutputBuffers() {
        for (int i = 0; i < free.length; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /**
     * An empty buffer (position 0, limit its capacity) of at least {@code size} bytes: a pooled
     * direct one up to 64 KiB, else a heap one of exactly {@code size}. Give it back with
     * {@link #release} once written.
     */
    public ByteBuffer take(int size) {
        int cls = sizeClass(size);
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

    /** A buffer holding a copy of {@code data[offset, offset + length)}, ready to be written. */
    public ByteBuffer copyOf(byte[] data, int offset, int length) {
        ByteBuffer b = take(length);
        b.put(data, offset, length).flip();
        return b;
    }

    /** A buffer holding a copy of {@code src}'s remaining bytes (its position does not move). */
    public ByteBuffer copyOf(ByteBuffer src) {
        int length = src.remaining();
        ByteBuffer b = take(length);
        b.put(0, src, src.position(), length).limit(length);
        return b;
    }

    /** Takes back a buffer {@link #take} made, once it has been written; others are ignored. */
    public void release(ByteBuffer b) {
        if (!b.isDirect() || b.isReadOnly() || keptBytes + b.capacity() > MAX_KEPT_BYTES) {
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

    /** The size class whose buffers hold {@code size} bytes, or -1 if none is large enough. */
    private static int sizeClass(int size) {
        int shift = Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(Math.max(1, size) - 1));
        return shift > MAX_SHIFT ? -1 : shift - MIN_SHIFT;
    }
}
