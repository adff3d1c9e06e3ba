package io.jswoole.core.frame;

import java.nio.ByteBuffer;

/** The bytes of an unfinished packet, in a heap buffer that grows up to a limit. */
final class Accumulator {
    private final int limit;
    private ByteBuffer buf = ByteBuffer.allocate(0);
    private final ReadOnlyView view = new ReadOnlyView();

    Accumulator(int limit) {
        this.limit = limit;
    }

    /** Appends all of {@code in}; false (appending nothing) if that would pass the limit. */
    boolean append(ByteBuffer in) {
        int need = buf.position() + in.remaining();
        if (need > limit) {
            return false;
        }
        if (need > buf.capacity()) {
            int cap = Math.max(4096, buf.capacity());
            while (cap < need) {
                cap = (int) Math.min(limit, cap * 2L);
            }
            ByteBuffer bigger = ByteBuffer.allocate(cap);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
            view.forget();
        }
        buf.put(in);
        return true;
    }

    /** The held bytes, ready to read (call {@link #compact()} after consuming some). */
    ByteBuffer flipped() {
        return buf.flip();
    }

    /**
     * Keeps the unread bytes after {@link #flipped()}; releases a large, now empty buffer. Copies
     * nothing when nothing was read, so a packet arriving in many small reads is not copied on each.
     */
    void compact() {
        if (buf.position() == 0) {
            buf.position(buf.limit()).limit(buf.capacity());
            return;
        }
        buf.compact();
        if (buf.position() == 0 && buf.capacity() > 64 * 1024) {
            buf = ByteBuffer.allocate(0);
            view.forget();
        }
    }

    /** The views of the held buffer's packets. */
    ReadOnlyView views() {
        return view;
    }

    int size() {
        return buf.position();
    }
}
