package io.jswoole.example.ipc.loopback;

import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * A {@link PipeChannel} over one TCP connection on 127.0.0.1. Every message is a 12-byte frame
 * header followed by its payload:
 *
 * <pre>
 *   offset 0  int32   payload length
 *          4  int32   session
 *          8  uint16  reactor id
 *         10  uint8   type
 *         11  uint8   flags
 * </pre>
 *
 * (big-endian). The stream keeps the order, the length keeps the boundaries.
 *
 * <p>Sending: {@link #offer} appends header and payload to one direct buffer, {@link #flush}
 * hands everything queued to one write. Receiving: {@link #receive} reads into one direct buffer
 * and delivers every whole message in place, through a read-only view of that buffer.
 */
final class LoopbackChannel implements PipeChannel {
    /** Bytes in a frame header. */
    static final int HEADER = 12;
    /** Queued bytes above which {@link #offer} refuses a message (unless the queue is empty). */
    static final int QUEUE_LIMIT = 4 << 20;
    /** The largest payload a message may carry. */
    static final int MAX_PAYLOAD = 1 << 30;
    /** Each buffer's starting size; a buffer that grew past {@link #SHRINK_ABOVE} goes back to it once empty. */
    private static final int BUFFER_SIZE = 64 << 10;
    private static final int SHRINK_ABOVE = 8 << 20;
    /** Reads per {@link #receive} at most, so that one busy channel does not starve the event loop. */
    private static final int MAX_READS = 4;

    private final StreamSocket socket;
    /** Queued frames, in read mode: position..limit is what the next flush writes. */
    private ByteBuffer out = emptyQueue(BUFFER_SIZE);
    /** Received bytes, in write mode: head..position is not yet delivered. */
    private ByteBuffer in = ByteBuffer.allocateDirect(BUFFER_SIZE);
    /** The read-only view of {@link #in} that payloads are handed out through. */
    private ByteBuffer view = in.asReadOnlyBuffer();
    private int head;
    private boolean ended;
    private boolean shutdownRequested;
    private boolean shutDown;
    private boolean closed;

    /** @param socket connected, non-blocking and already authenticated; the channel owns it */
    LoopbackChannel(StreamSocket socket) {
        this.socket = socket;
    }

    @Override
    public boolean offer(int type, int flags, int reactorId, int session, ByteBuffer payload) {
        if (closed || shutdownRequested) {
            throw new IllegalStateException(closed ? "offer on a closed channel" : "offer after shutdownOutput");
        }
        if ((type & ~0xff) != 0 || (flags & ~0xff) != 0 || (reactorId & ~0xffff) != 0) {
            throw new IllegalArgumentException("type and flags must be 0..255 and reactor id 0..65535, not "
                    + type + ", " + flags + " and " + reactorId);
        }
        int length = payload.remaining();
        if (length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a payload of " + length + " bytes is over the maximum of "
                    + MAX_PAYLOAD);
        }
        if (out.remaining() > QUEUE_LIMIT) {
            return false; // back-pressure: the caller waits for a flush to drain the queue
        }
        int size = HEADER + length;
        if (out.capacity() - out.limit() < size) {
            makeRoom(size);
        }
        int at = out.limit();
        out.limit(at + size);
        out.putInt(at, length)
                .putInt(at + 4, session)
                .putShort(at + 8, (short) reactorId)
                .put(at + 10, (byte) type)
                .put(at + 11, (byte) flags)
                .put(at + HEADER, payload, payload.position(), length); // absolute: payload's position stays
        return true;
    }

    /**
     * {@inheritDoc} One write per call: a TCP socket that takes less than all of a direct buffer
     * has a full send buffer, so trying again at once would only return 0.
     */
    @Override
    public boolean flush() throws IOException {
        ensureOpen();
        if (out.hasRemaining()) {
            socket.write(out);
            if (out.hasRemaining()) {
                return false;
            }
        }
        if (out.capacity() > SHRINK_ABOVE) {
            out = emptyQueue(BUFFER_SIZE);
        }
        out.position(0).limit(0);
        if (shutdownRequested && !shutDown) {
            shutDown = true;
            socket.shutdownOutput();
        }
        return true;
    }

    @Override
    public long queuedBytes() {
        return closed ? 0 : out.remaining();
    }

    /**
     * {@inheritDoc} Reads at most a few times per call (the event loop's poller is level-triggered
     * and calls again); if a handler closes the channel, the messages after that one are dropped.
     *
     * @throws IOException if reading fails, a frame announces an impossible length, or the stream
     *         ends inside a frame; the channel is then closed
     */
    @Override
    public boolean receive(MessageHandler handler) throws IOException {
        ensureOpen();
        if (ended) {
            return false;
        }
        try {
            deliver(handler); // what a throwing handler left behind on an earlier call
            for (int reads = 0; reads < MAX_READS && !closed; reads++) {
                makeRoomToRead();
                int room = in.remaining();
                int n = socket.read(in);
                if (n < 0) {
                    ended = true;
                    int pending = in.position() - head;
                    if (pending > 0) {
                        throw new IOException("end of stream inside a frame (" + pending + " bytes of it arrived)");
                    }
                    return false;
                }
                deliver(handler);
                if (n < room) {
                    break; // the socket had no more
                }
            }
            return true;
        } catch (IOException e) {
            close(e);
            throw e;
        }
    }

    /** Delivers every whole frame between {@code head} and the buffer's position. */
    private void deliver(MessageHandler handler) throws IOException {
        while (!closed && in.position() - head >= HEADER) {
            int length = checkedLength(head);
            int start = head + HEADER;
            int end = start + length;
            if (end > in.position()) {
                return; // the payload has not all arrived
            }
            int at = head;
            head = end; // before the handler runs: a handler that throws does not see the message again
            view.limit(end).position(start);
            handler.onMessage(in.get(at + 10) & 0xff, in.get(at + 11) & 0xff, in.getShort(at + 8) & 0xffff,
                    in.getInt(at + 4), view);
        }
    }

    /** Moves a partial frame to the front of the input buffer, or into a larger one when it would not fit. */
    private void makeRoomToRead() throws IOException {
        int pending = in.position() - head;
        if (pending == 0) {
            if (in.capacity() > SHRINK_ABOVE) {
                setInput(ByteBuffer.allocateDirect(BUFFER_SIZE));
            }
            in.clear();
            head = 0;
            return;
        }
        int needed = pending < HEADER ? HEADER : HEADER + checkedLength(head);
        if (needed > in.capacity()) {
            ByteBuffer grown = ByteBuffer.allocateDirect(grownCapacity(in.capacity(), needed));
            grown.put(0, in, head, pending).position(pending);
            setInput(grown);
            head = 0;
        } else if (head > 0 && in.capacity() - head < needed) {
            in.limit(in.position()).position(head);
            in.compact();
            head = 0;
        }
    }

    private int checkedLength(int at) throws IOException {
        int length = in.getInt(at);
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("malformed frame: a payload length of " + length + " (0.." + MAX_PAYLOAD
                    + " allowed), session " + in.getInt(at + 4));
        }
        return length;
    }

    /** Makes room at the end of the output queue for {@code size} more bytes. */
    private void makeRoom(int size) {
        int queued = out.remaining();
        if (queued + size <= out.capacity()) {
            out.compact().flip();
        } else {
            ByteBuffer grown = ByteBuffer.allocateDirect(grownCapacity(out.capacity(), queued + size));
            grown.put(out).flip();
            out = grown;
        }
    }

    /** Doubles {@code capacity} (amortised growth), or takes exactly {@code needed} when that is more. */
    private static int grownCapacity(int capacity, int needed) {
        return (int) Math.min(Math.max(2L * capacity, needed), Integer.MAX_VALUE - 8);
    }

    private void setInput(ByteBuffer buffer) {
        in = buffer;
        view = buffer.asReadOnlyBuffer();
    }

    private static ByteBuffer emptyQueue(int capacity) {
        return ByteBuffer.allocateDirect(capacity).limit(0);
    }

    /** {@inheritDoc} Queued bytes go first: the output is shut down by the flush that empties the queue. */
    @Override
    public void shutdownOutput() throws IOException {
        ensureOpen();
        shutdownRequested = true;
        flush();
    }

    @Override
    public Pollable pollable() {
        return socket;
    }

    /** Closes the connection, dropping anything still queued; idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            socket.close();
        }
    }

    private void close(IOException cause) {
        try {
            close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return "LoopbackChannel[" + socket + ", queued " + queuedBytes() + "]";
    }
}
