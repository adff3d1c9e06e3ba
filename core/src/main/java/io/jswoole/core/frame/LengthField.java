package io.jswoole.core.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A packet length field as PHP's pack() types: size, signedness and byte order. */
enum LengthField {
    c(1, true, ByteOrder.BIG_ENDIAN), C(1, false, ByteOrder.BIG_ENDIAN),
    s(2, true, ByteOrder.LITTLE_ENDIAN), S(2, false, ByteOrder.LITTLE_ENDIAN),
    n(2, false, ByteOrder.BIG_ENDIAN), v(2, false, ByteOrder.LITTLE_ENDIAN),
    l(4, true, ByteOrder.LITTLE_ENDIAN), L(4, false, ByteOrder.LITTLE_ENDIAN),
    N(4, false, ByteOrder.BIG_ENDIAN), V(4, false, ByteOrder.LITTLE_ENDIAN);

    final int size;
    private final boolean signed;
    private final ByteOrder order;

    LengthField(int size, boolean signed, ByteOrder order) {
        this.size = size;
        this.signed = signed;
        this.order = order;
    }

    static LengthField of(String type) {
        return valueOf(type);
    }

    /** Reads the field at absolute index {@code at} (allocates nothing). */
    long read(ByteBuffer b, int at) {
        long v = 0;
        if (order == ByteOrder.BIG_ENDIAN) {
            for (int i = 0; i < size; i++) {
                v = (v << 8) | (b.get(at + i) & 0xFFL);
            }
        } else {
            for (int i = size - 1; i >= 0; i--) {
                v = (v << 8) | (b.get(at + i) & 0xFFL);
            }
        }
        if (signed) {
            int shift = 64 - 8 * size;
            v = (v << shift) >> shift;
        }
        return v;
    }
}
