package io.jswoole.factory.process;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages a reactor thread has written to one worker process's pipe that the worker may not
 * have finished yet, in order: message {@code n} (counted from 1) is finished once the worker's
 * count in {@link WorkerProgress} reaches {@code n}. A ring of each message's type, flags, port
 * and session (no allocation per message); with {@link #keepsPayloads} also a copy of each
 * message, so that it can be handed again to the worker's successor.
 *
 * <p>Bounded, with the worker's finished count read only when a bound is reached: at most
 * {@link #MAX_MESSAGES} messages (far more than a unixsock pipe holds; beyond, the oldest are
 * forgotten and their connections must be closed, {@link #forgetOldest}), and with copies at most
 * {@link #MAX_COPY_BYTES} of copies (beyond, the oldest copies are dropped, {@link #dropOldestCopy}:
 * should the worker die, those messages are dealt with as by {@code close}). Loop thread only.
 */
final class HandedOut {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** At most this many unfinished messages are remembered per worker pipe. */
    static final int MAX_MESSAGES = 1 << 20;
    /** With copies, at most this many bytes of unfinished messages are copied per worker pipe. */
    static final long MAX_COPY_BYTES = 8L << 20;

    /** A message as written; {@code copied} false: its payload was not kept (it is empty here). */
    record Message(int type, int flags, int portId, int session, ByteBuffer payload, boolean copied) {
    }

    private final boolean keepsPayloads;
    private long[] keys = new long[256];
    private ByteBuffer[] copies;
    /** The number of the message at the head of the ring. */
    private long first = 1;
    private int head;
    private int size;
    /** The oldest messages whose copy was dropped (always a prefix of the ring). */
    private int bare;
    private long bytes;

    HandedOut(boolean keepsPayloads) {
        this.keepsPayloads = keepsPayloads;
        this.copies = keepsPayloads ? new ByteBuffer[256] : null;
    }

    boolean keepsPayloads() {
        return keepsPayloads;
    }

    /** How many messages are remembered. */
    int size() {
        return size;
    }

    /** Whether room must be made (the worker's count read, maybe more) before adding a message of {@code length} bytes. */
    boolean needsRoom(int length) {
        return size == keys.length || tooMany() || copiesOver(length);
    }

    /** Whether the message count is at its bound. */
    boolean tooMany() {
        return size >= MAX_MESSAGES;
    }

    /** Whether a copy of {@code length} more bytes would pass the bound (a copy alone always fits). */
    boolean copiesOver(int length) {
        return keepsPayloads && bytes > 0 && bytes + length > MAX_COPY_BYTES;
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
            copies[at] = copy;
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

    /** Forgets the oldest message to make room; returns its session if it concerned a connection, else -1. */
    int forgetOldest() {
        int type = (int) (keys[head] >>> 56);
        int session = (int) keys[head];
        drop();
        return concernsConnection(type) ? session : -1;
    }

    /** Drops the oldest copy still kept; false if none is. */
    boolean dropOldestCopy() {
        if (!keepsPayloads || bare == size) {
            return false;
        }
        int at = (head + bare) & (keys.length - 1);
        bytes -= copies[at].capacity();
        copies[at] = null;
        bare++;
        return true;
    }

    /** The remembered messages, oldest first; then the ring is empty. */
    List<Message> take() {
        List<Message> out = new ArrayList<>(size);
        while (size > 0) {
            long k = keys[head];
            ByteBuffer copy = keepsPayloads ? copies[head] : null;
            out.add(new Message((int) (k >>> 56), (int) (k >>> 48) & 0xFF, (int) (k >>> 32) & 0xFFFF, (int) k,
                    copy != null ? copy : EMPTY, copy != null));
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
            if (bare > 0) {
                bare--;
            } else {
                bytes -= copies[head].capacity();
            }
            copies[head] = null;
        }
        head = (head + 1) & (keys.length - 1);
        size--;
        first++;
    }

    private void grow() {
        int n = keys.length;
        long[] k = new long[n * 2];
        ByteBuffer[] c = keepsPayloads ? new ByteBuffer[n * 2] : null;
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
