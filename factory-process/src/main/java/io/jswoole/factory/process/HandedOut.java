package io.jswoole.factory.process;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages a reactor thread has written to one worker process's pipe that the worker may not
 * have finished yet, in order: message {@code n} (counted from 1) is finished once the worker's
 * count in {@link WorkerProgress} reaches {@code n}. A ring of each message's type, flags, port and session (no
 * allocation per message); with {@link #keepsPayloads} also a copy of each message, so that it
 * can be handed again to the worker's successor.
 *
 * <p>Bounded: at most {@link #MAX_MESSAGES} messages, and with copies at most
 * {@link #MAX_PAYLOAD_BYTES} of them. When a message would pass the bound and the worker has not
 * finished enough to make room, the oldest messages are given up ({@link #overflow}) and their
 * connections must be closed, since nothing could be done for them if the worker died. Loop
 * thread only.
 */
final class HandedOut {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** At most this many unfinished messages are remembered per worker pipe. */
    static final int MAX_MESSAGES = 1 << 16;
    /** With copies, at most this many bytes of unfinished messages are kept per worker pipe. */
    static final long MAX_PAYLOAD_BYTES = 4L << 20;

    /** A message as written, for replay. */
    record Message(int type, int flags, int portId, int session, ByteBuffer payload) {
    }

    private final boolean keepsPayloads;
    private long[] keys = new long[256];
    private Message[] copies;
    /** The number of the message at the head of the ring. */
    private long first = 1;
    private int head;
    private int size;
    private long bytes;

    HandedOut(boolean keepsPayloads) {
        this.keepsPayloads = keepsPayloads;
        this.copies = keepsPayloads ? new Message[256] : null;
    }

    boolean keepsPayloads() {
        return keepsPayloads;
    }

    /** How many messages are remembered. */
    int size() {
        return size;
    }

    /** Whether one more message of {@code length} bytes fits without passing the bound. */
    boolean hasRoomFor(int length) {
        return size < MAX_MESSAGES && (!keepsPayloads || size == 0 || bytes + length <= MAX_PAYLOAD_BYTES);
    }

    /** Whether the ring must grow (or be trimmed) before the next {@link #add}. */
    boolean full() {
        return size == keys.length;
    }

    /** Remembers the next message written to the pipe. */
    void add(int type, int flags, int portId, int session, ByteBuffer payload) {
        if (size == keys.length) {
            grow();
        }
        int at = (head + size) & (keys.length - 1);
        keys[at] = ((long) type << 56) | ((long) (flags & 0xFF) << 48) | ((long) (portId & 0xFFFF) << 32)
                | (session & 0xFFFFFFFFL);
        if (keepsPayloads) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
            copies[at] = new Message(type, flags, portId, session, copy);
            bytes += copy.capacity();
        }
        size++;
    }

    /** Forgets the messages up to number {@code finished}: the worker has handled them. */
    void finishedUpTo(long finished) {
        while (size > 0 && first <= finished) {
            drop();
        }
    }

    /** Gives up the oldest message to make room; returns its session if it concerned a connection, else -1. */
    int overflow() {
        int type = (int) (keys[head] >>> 56);
        int session = (int) keys[head];
        drop();
        return concernsConnection(type) ? session : -1;
    }

    /**
     * The remembered messages, oldest first; then the ring is empty. Without copies their payloads
     * are empty.
     */
    List<Message> take() {
        List<Message> out = new ArrayList<>(size);
        while (size > 0) {
            long k = keys[head];
            out.add(keepsPayloads ? copies[head] : new Message((int) (k >>> 56), (int) (k >>> 48) & 0xFF,
                    (int) (k >>> 32) & 0xFFFF, (int) k, EMPTY));
            drop();
        }
        return out;
    }

    /** Messages about a client connection (as opposed to datagrams and pipe messages). */
    static boolean concernsConnection(int type) {
        return type == Msg.CONNECT || type == Msg.RECEIVE || type == Msg.CLOSE || type == Msg.BUFFER_FULL
                || type == Msg.BUFFER_EMPTY;
    }

    private void drop() {
        if (keepsPayloads) {
            bytes -= copies[head].payload().capacity();
            copies[head] = null;
        }
        head = (head + 1) & (keys.length - 1);
        size--;
        first++;
    }

    private void grow() {
        int n = keys.length;
        long[] k = new long[n * 2];
        Message[] c = keepsPayloads ? new Message[n * 2] : null;
        for (int i = 0; i < size; i++) {
            k[i] = keys[(head + i) & (n - 1)];
            if (c != null) {
                c[i] = copies[(head + i) & (n - 1)];
            }
        }
        keys = k;
        copies = c;
        head = 0;
    }
}
