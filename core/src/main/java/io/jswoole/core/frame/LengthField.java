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

    /** Reads the field at absolute index {@code at}. */
    long read(ByteBuffer b, int at) {
        ByteBuffer o = b.duplicate().order(order);
        return switch (size) {
            case 1 -> signed ? o.get(at) : o.get(at) & 0xFFL;
            case 2 -> signed ? o.getShort(at) : o.getShort(at) & 0xFFFFL;
            default -> signed ? o.getInt(at) : o.getInt(at) & 0xFFFF_FFFFL;
        };
    }
}
