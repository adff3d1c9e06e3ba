package io.jswoole.ipc.unixsock;

import java.nio.ByteBuffer;

/**
 * The 12-byte header in front of every message, big-endian:
 *
 * <pre>
 *   offset 0  int32   payload length (the bytes after the header)
 *          4  uint8   type
 *          5  uint8   flags
 *          6  uint16  reactor id
 *          8  int32   session
 * </pre>
 *
 * All accessors are absolute, so they neither move nor depend on a buffer's position.
 */
final class MessageHeader {
    /** Bytes in a header. */
    static final int SIZE = 12;

    private static final int TYPE = 4;
    private static final int FLAGS = 5;
    private static final int REACTOR_ID = 6;
    private static final int SESSION = 8;

    private MessageHeader() {
    }

    /** Checks the fields that must fit their width; {@code session} takes any int. */
    static void check(int type, int flags, int reactorId) {
        if ((type & ~0xff) != 0) {
            throw new IllegalArgumentException("message type must be 0..255, not " + type);
        }
        if ((flags & ~0xff) != 0) {
            throw new IllegalArgumentException("message flags must be 0..255, not " + flags);
        }
        if ((reactorId & ~0xffff) != 0) {
            throw new IllegalArgumentException("reactor id must be 0..65535, not " + reactorId);
        }
    }

    /** Writes a header at {@code at}; the fields must have passed {@link #check}. */
    static void put(ByteBuffer buf, int at, int length, int type, int flags, int reactorId, int session) {
        buf.putInt(at, length);
        buf.put(at + TYPE, (byte) type);
        buf.put(at + FLAGS, (byte) flags);
        buf.putShort(at + REACTOR_ID, (short) reactorId);
        buf.putInt(at + SESSION, session);
    }

    static int length(ByteBuffer buf, int at) {
        return buf.getInt(at);
    }

    static int type(ByteBuffer buf, int at) {
        return buf.get(at + TYPE) & 0xff;
    }

    static int flags(ByteBuffer buf, int at) {
        return buf.get(at + FLAGS) & 0xff;
    }

    static int reactorId(ByteBuffer buf, int at) {
        return buf.getShort(at + REACTOR_ID) & 0xffff;
    }

    static int session(ByteBuffer buf, int at) {
        return buf.getInt(at + SESSION);
    }
}
