package io.jswoole.ipc.chronicle;

/**
 * The 12 bytes in front of every payload inside a queue document, in the machine's byte order
 * (both processes of a link run on the same machine). A document holds one or more messages,
 * each a header and its payload:
 *
 * <pre>
 *   offset 0  int32   payload length
 *          4  uint8   type
 *          5  uint8   flags
 *          6  uint16  reactor id
 *          8  int32   session
 * </pre>
 */
final class MessageHeader {
    /** Bytes in a header. */
    static final int SIZE = 12;

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
