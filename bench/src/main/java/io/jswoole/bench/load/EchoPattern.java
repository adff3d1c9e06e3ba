package io.jswoole.bench.load;

import java.nio.ByteBuffer;

/**
 * The byte stream every connection sends: byte {@code k} of the stream is {@code k % 256}, the
 * same as the C load generator's. Because the pattern repeats every 256 bytes, any stretch of
 * the stream is a slice of one shared buffer, and the echo can be checked without keeping copies.
 */
final class EchoPattern {
    /** The largest single write or read. */
    static final int CHUNK = 256 * 1024;
    private static final int PERIOD = 256;
    private static final int SAMPLE = 16;

    private final ByteBuffer bytes;

    EchoPattern() {
        bytes = ByteBuffer.allocateDirect(CHUNK + PERIOD);
        for (int i = 0; i < bytes.capacity(); i++) {
            bytes.put(i, (byte) i);
        }
    }

    /** A view of the pattern for one thread's use; position and limit are the caller's. */
    ByteBuffer view() {
        return bytes.duplicate();
    }

    /** Sets {@code view} to the {@code length} (at most {@link #CHUNK}) bytes at stream offset {@code offset}. */
    static ByteBuffer select(ByteBuffer view, long offset, int length) {
        int from = (int) (offset & (PERIOD - 1));
        view.limit(from + length).position(from);
        return view;
    }

    /**
     * Whether {@code read}'s bytes 0 to {@code length} equal the stream from {@code offset};
     * {@code expected} is a {@link #view()} owned by the calling thread.
     */
    static boolean matches(ByteBuffer read, int length, long offset, ByteBuffer expected, Verify verify) {
        switch (verify) {
            case NONE:
                return true;
            case FULL:
                read.limit(length).position(0);
                return read.mismatch(select(expected, offset, length)) < 0;
            default:
                if (length <= 2 * SAMPLE) {
                    read.limit(length).position(0);
                    return read.mismatch(select(expected, offset, length)) < 0;
                }
                return sameAt(read, 0, offset) && sameAt(read, length - SAMPLE, offset + length - SAMPLE);
        }
    }

    private static boolean sameAt(ByteBuffer read, int at, long offset) {
        for (int i = 0; i < SAMPLE; i++) {
            if (read.get(at + i) != (byte) (offset + i)) {
                return false;
            }
        }
        return true;
    }
}
