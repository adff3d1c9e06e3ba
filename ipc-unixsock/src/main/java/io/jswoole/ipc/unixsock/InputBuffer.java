package io.jswoole.ipc.unixsock;

import io.jswoole.spi.pipe.PipeChannel.MessageHandler;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Bytes read from a channel's socket and not yet delivered: one direct buffer that grows to hold
 * the largest message in progress and shrinks back once drained.
 *
 * <p>Undelivered bytes lie between {@code head} and the buffer's position; the limit stays at the
 * capacity, so the buffer is always ready for the next read. Payloads are handed out through one
 * read-only view of the buffer, repositioned per message, so delivery neither copies nor allocates.
 */
final class InputBuffer {
    private final int initialCapacity;
    private final int shrinkAbove;
    private final int maxMessageSize;
    private ByteBuffer buf;
    private ByteBuffer view;
    private int head;

    /**
     * @param initialCapacity the buffer's size, and what it shrinks back to once drained
     * @param shrinkAbove     a grown buffer larger than this is released once drained
     * @param maxMessageSize  the largest payload a header may announce
     */
    InputBuffer(int initialCapacity, int shrinkAbove, int maxMessageSize) {
        this.initialCapacity = initialCapacity;
        this.shrinkAbove = shrinkAbove;
        this.maxMessageSize = maxMessageSize;
        use(ByteBuffer.allocateDirect(initialCapacity));
    }

    /** Free bytes after the undelivered ones: what the next {@link #readFrom} asks for. */
    int room() {
        return buf.remaining();
    }

    /** The buffer's capacity now. */
    int capacity() {
        return buf.capacity();
    }

    /** Bytes read and not yet delivered. */
    int pending() {
        return buf.position() - head;
    }

    /** One read from {@code socket}: the bytes read, 0 if none were ready, -1 at end of stream. */
    int readFrom(StreamSocket socket) throws IOException {
        return socket.read(buf);
    }

    /**
     * Delivers the message at the head if it has arrived whole; returns false when it has not.
     * The head moves past the message before the handler runs, so a handler that throws does not
     * see its message again.
     *
     * @throws IOException if the header announces an impossible length
     */
    boolean deliverOne(MessageHandler handler) throws IOException {
        int at = head;
        int available = buf.position() - at;
        if (available < MessageHeader.SIZE) {
            return false;
        }
        int length = checkedLength(at);
        if (available - MessageHeader.SIZE < length) {
            return false;
        }
        int start = at + MessageHeader.SIZE;
        int end = start + length;
        head = end;
        view.limit(end).position(start);
        handler.onMessage(MessageHeader.type(buf, at), MessageHeader.flags(buf, at),
                MessageHeader.reactorId(buf, at), MessageHeader.session(buf, at), view);
        return true;
    }

    /**
     * Prepares for the next read once the whole messages are delivered: moves a partial message to
     * the front, grows the buffer when the partial message will not fit, or shrinks a large
     * buffer back once nothing is left in it.
     */
    void compact() throws IOException {
        int pending = pending();
        if (pending == 0) {
            head = 0;
            if (buf.capacity() > shrinkAbove) {
                use(ByteBuffer.allocateDirect(initialCapacity));
            } else {
                buf.clear();
            }
            return;
        }
        int needed = pending < MessageHeader.SIZE ? MessageHeader.SIZE : MessageHeader.SIZE + checkedLength(head);
        if (needed > buf.capacity()) {
            ByteBuffer grown = ByteBuffer.allocateDirect(OutputQueue.grownCapacity(buf.capacity(), needed));
            grown.put(0, buf, head, pending);
            grown.position(pending);
            use(grown);
        } else if (head > 0) {
            buf.limit(buf.position()).position(head);
            buf.compact();
        }
        head = 0;
    }

    /** Describes a message cut off by end of stream, or returns null when nothing is pending. */
    String truncation() {
        int pending = pending();
        if (pending == 0) {
            return null;
        }
        if (pending < MessageHeader.SIZE) {
            return "end of stream inside a message header (" + pending + " of " + MessageHeader.SIZE + " bytes)";
        }
        return "end of stream inside a message (" + (pending - MessageHeader.SIZE) + " of "
                + MessageHeader.length(buf, head) + " payload bytes)";
    }

    private int checkedLength(int at) throws IOException {
        int length = MessageHeader.length(buf, at);
        if (length < 0 || length > maxMessageSize) {
            throw new IOException("malformed message: the header announces a payload of " + length
                    + " bytes (0.." + maxMessageSize + " allowed); type " + MessageHeader.type(buf, at)
                    + ", session " + MessageHeader.session(buf, at));
        }
        return length;
    }

    private void use(ByteBuffer buffer) {
        buf = buffer;
        view = buffer.asReadOnlyBuffer();
    }
}
