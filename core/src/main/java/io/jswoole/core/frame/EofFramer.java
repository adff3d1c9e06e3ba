package io.jswoole.core.frame;

import java.nio.ByteBuffer;

/**
 * Swoole's {@code open_eof_check} / {@code open_eof_split}. With split, every packet ends at the
 * first {@code package_eof} (included in the packet). Without split, data is delivered once the
 * buffered bytes end with {@code package_eof}, possibly several packets at a time.
 */
final class EofFramer implements Framer {
    private final byte[] eof;
    private final boolean split;
    private final int limit;
    private final Accumulator held;
    private final ReadOnlyView inView;
    /** How many of the held bytes are known to start no {@code package_eof}: a search resumes there. */
    private int searched;

    EofFramer(byte[] eof, boolean split, int limit, ReadOnlyView inView) {
        this.inView = inView;
        this.eof = eof;
        this.split = split;
        this.limit = limit;
        this.held = new Accumulator(limit);
    }

    @Override
    public void feed(ByteBuffer in, PacketSink sink) throws FrameException {
        if (held.size() == 0) {
            deliver(in, in.position(), inView, sink);
            if (in.hasRemaining() && !held.append(in)) {
                throw tooLong();
            }
            searched = unmatchedPrefix(held.size());
            return;
        }
        if (!held.append(in)) {
            throw tooLong();
        }
        ByteBuffer b = held.flipped();
        deliver(b, searched, held.views(), sink);
        held.compact();
        searched = unmatchedPrefix(held.size());
    }

    /** After a search of {@code size} bytes, how many cannot be the start of a marker. */
    private int unmatchedPrefix(int size) {
        return split ? Math.max(0, size - eof.length + 1) : 0;
    }

    /**
     * Delivers the whole packets at the start of {@code b}, leaving its position after the last;
     * the search for a marker starts at index {@code from} (no marker starts before it).
     */
    private void deliver(ByteBuffer b, int from, ReadOnlyView views, PacketSink sink) throws FrameException {
        if (!split) {
            if (endsWithEof(b)) {
                ByteBuffer packet = views.of(b);
                b.position(b.limit());
                sink.packet(packet);
            }
            return;
        }
        int start = b.position();
        int end = b.limit();
        int i = Math.max(start, from);
        while (i <= end - eof.length) {
            if (matchesAt(b, i)) {
                int packetEnd = i + eof.length;
                if (packetEnd - start > limit) {
                    throw tooLong();
                }
                sink.packet(views.of(b, start, packetEnd));
                start = packetEnd;
                i = packetEnd;
            } else {
                i++;
            }
        }
        b.position(start);
    }

    private boolean endsWithEof(ByteBuffer b) {
        return b.remaining() >= eof.length && matchesAt(b, b.limit() - eof.length);
    }

    private boolean matchesAt(ByteBuffer b, int at) {
        for (int k = 0; k < eof.length; k++) {
            if (b.get(at + k) != eof[k]) {
                return false;
            }
        }
        return true;
    }

    private FrameException tooLong() {
        return new FrameException("no package_eof within " + limit + " bytes (package_max_length/buffer_input_size)");
    }

    @Override
    public int buffered() {
        return held.size();
    }
}
