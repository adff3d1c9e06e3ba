package io.jswoole.ipc.chronicle;

/**
 * The 8 bytes in front of every payload inside a queue document, in the machine's byte order
 * (both processes of a link run on the same machine):
 *
 * <pre>
 *   offset 0  uint8   type
 *          1  uint8   flags
 *          2  uint16  reactor id
 *          4  int32   session
 * </pre>
 *
 * The payload's length is the document's length minus these 8 bytes.
 */
final class MessageHeader {
    /** Bytes in a header. */
    static final int SIZE = 8;

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
}
