package io.jswoole.ipc.unixsock;

import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The messages a channel has queued and not yet written: one direct buffer holding header and
 * payload back to back, so that one write sends as many messages as the socket takes.
 *
 * <p>The queued bytes lie between {@code head} and the buffer's position; the limit stays at the
 * capacity. Written bytes are not moved after every partial write (that would copy the whole
 * queue per write under back-pressure): the buffer is compacted only when an offer needs the room.
 */
final class OutputQueue {
    private final int initialCapacity;
    private final int shrinkAbove;
    private final int limit;
    private final int maxMessageSize;
    private ByteBuffer buf;
    private int head;

    /**
     * @param initialCapacity the buffer's size, and what it shrinks back to once empty
     * @param shrinkAbove     a grown buffer larger than this is released once empty
     * @param limit           queued bytes above which an offer is refused
     * @param maxMessageSize  the largest payload
     */
    OutputQueue(int initialCapacity, int shrinkAbove, int limit, int maxMessageSize) {
        this.initialCapacity = initialCapacity;
        this.shrinkAbove = shrinkAbove;
        this.limit = limit;
        this.maxMessageSize = maxMessageSize;
        this.buf = ByteBuffer.allocateDirect(initialCapacity);
    }

    /** The buffer's capacity now. */
    int capacity() {
        return buf.capacity();
    }

    int queued() {
        return buf.position() - head;
    }

    /** Copies one message in, or returns false when more than the limit is already queued. */
    boolean offer(int type, int flags, int reactorId, int session, ByteBuffer payload) {
        int length = payload.remaining();
        if (length > maxMessageSize) {
            throw new IllegalArgumentException("a payload of " + length
                    + " bytes exceeds the maximum message size of " + maxMessageSize + " bytes");
        }
        MessageHeader.check(type, flags, reactorId);
        int queued = queued();
        if (queued > limit) {
            return false;
        }
        int size = MessageHeader.SIZE + length;
        if (buf.capacity() - buf.position() < size) {
            makeRoom(queued, size);
        }
        int at = buf.position();
        MessageHeader.put(buf, at, length, type, flags, reactorId, session);
        // Absolute bulk copy: the caller's buffer keeps its position.
        buf.put(at + MessageHeader.SIZE, payload, payload.position(), length);
        buf.position(at + size);
        return true;
    }

    /**
     * Writes the whole queue in one system call; returns true when the queue is empty. Both
     * reactors write all of a direct buffer that the socket takes, so a short write means the
     * socket buffer is full: trying again at once would only spend a system call returning 0.
     */
    boolean flush(StreamSocket socket) throws IOException {
        int tail = buf.position();
        if (head == tail) {
            return true;
        }
        buf.limit(tail).position(head);
        try {
            socket.write(buf);
        } finally {
            head = buf.position();
            buf.limit(buf.capacity()).position(tail);
        }
        if (head != tail) {
            return false;
        }
        head = 0;
        if (buf.capacity() > shrinkAbove) {
            buf = ByteBuffer.allocateDirect(initialCapacity);
        } else {
            buf.clear();
        }
        return true;
    }

    /** Moves the queue to the front of the buffer, or into a larger one, so that {@code size} more bytes fit. */
    private void makeRoom(int queued, int size) {
        int needed = queued + size;
        if (needed <= buf.capacity()) {
            buf.limit(buf.position()).position(head);
            buf.compact();
            head = 0;
            return;
        }
        ByteBuffer grown = ByteBuffer.allocateDirect(grownCapacity(buf.capacity(), needed));
        grown.put(0, buf, head, queued);
        grown.position(queued);
        buf = grown;
        head = 0;
    }

    /**
     * At least double {@code capacity} (amortised growth), or exactly {@code needed} when that is
     * more: one large message does not leave a buffer up to twice its size.
     */
    static int grownCapacity(int capacity, int needed) {
        long c = Math.max(2L * capacity, needed);
        return (int) Math.min(c, UnixSockChannel.MAX_BUFFER_SIZE);
    }
}
