package io.jswoole.ipc.unixsock;

import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * A {@link PipeChannel} over one connected Unix stream socket. Each message is a
 * {@linkplain MessageHeader 12-byte header} followed by its payload; the stream keeps the order,
 * the length keeps the boundaries, and end of stream tells either side that the other has died.
 *
 * <p>Sending: {@link #offer} appends the message to one direct buffer, {@link #flush} hands all of
 * it to a single write. Receiving: {@link #receive} reads into one direct buffer and delivers
 * every whole message in place. In the steady state neither allocates per message.
 *
 * <p>Payloads are delivered through one read-only view of the input buffer: the payload is the
 * bytes from its position to its limit (not from index 0), valid only during the handler call.
 *
 * <p>After {@link #close()}, {@link #offer} throws {@link IllegalStateException} and the methods
 * that do I/O throw {@link ClosedChannelException}.
 */
final class UnixSockChannel implements PipeChannel {
    /** Queued bytes above which {@link #offer} refuses a message, unless the queue is empty. */
    static final int DEFAULT_QUEUE_LIMIT = 4 << 20;
    /** The largest payload a message may carry. */
    static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 30;
    /** The size of each buffer, and what it shrinks back to once empty. */
    static final int BUFFER_SIZE = 64 << 10;
    /**
     * A buffer grown beyond this (by a large message, or a backlog under back-pressure) is
     * released once empty, so that between bursts a pipe keeps at most this much per direction.
     */
    static final int SHRINK_ABOVE = 1 << 20;
    /** The largest buffer the JDK allocates. */
    static final int MAX_BUFFER_SIZE = Integer.MAX_VALUE - 8;
    /** Reads per {@link #receive} call at most, so that one busy pipe cannot starve the loop. */
    static final int MAX_READS_PER_RECEIVE = 4;

    private final StreamSocket socket;
    private final OutputQueue output;
    private final InputBuffer input;
    private boolean inputEnded;
    private boolean outputShutdownRequested;
    private boolean outputShutDown;
    private boolean closed;

    /** A channel with the default queue limit and maximum message size. */
    UnixSockChannel(StreamSocket socket) {
        this(socket, DEFAULT_QUEUE_LIMIT, DEFAULT_MAX_MESSAGE_SIZE);
    }

    /**
     * @param socket         connected and non-blocking; the channel owns it
     * @param queueLimit     queued bytes above which {@link #offer} refuses a message
     * @param maxMessageSize the largest payload either side may send
     */
    UnixSockChannel(StreamSocket socket, int queueLimit, int maxMessageSize) {
        if (queueLimit < 0 || maxMessageSize < 0) {
            throw new IllegalArgumentException("queue limit and maximum message size must be >= 0, not "
                    + queueLimit + " and " + maxMessageSize);
        }
        // The queue may hold the limit plus one whole message; that must fit one buffer.
        if ((long) queueLimit + 2L * MessageHeader.SIZE + maxMessageSize > MAX_BUFFER_SIZE) {
            throw new IllegalArgumentException("queue limit " + queueLimit + " plus maximum message size "
                    + maxMessageSize + " exceed the largest buffer (" + MAX_BUFFER_SIZE + " bytes)");
        }
        this.socket = socket;
        this.output = new OutputQueue(BUFFER_SIZE, SHRINK_ABOVE, queueLimit, maxMessageSize);
        this.input = new InputBuffer(BUFFER_SIZE, SHRINK_ABOVE, maxMessageSize);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the payload is larger than the maximum message size, or
     *         type, flags or reactor id do not fit their 8, 8 and 16 bits
     * @throws IllegalStateException    if the channel is closed or its output shut down
     */
    @Override
    public boolean offer(int type, int flags, int reactorId, int session, ByteBuffer payload) {
        if (closed) {
            throw new IllegalStateException("offer on a closed channel");
        }
        if (outputShutdownRequested) {
            throw new IllegalStateException("offer after shutdownOutput");
        }
        return output.offer(type, flags, reactorId, session, payload);
    }

    /** {@inheritDoc} An IOException means the peer is gone. */
    @Override
    public boolean flush() throws IOException {
        ensureOpen();
        boolean empty = output.flush(socket);
        if (empty && outputShutdownRequested && !outputShutDown) {
            outputShutDown = true;
            socket.shutdownOutput();
        }
        return empty;
    }

    /** The capacity of the output buffer now (for tests of its bound). */
    int outputCapacity() {
        return output.capacity();
    }

    /** The capacity of the input buffer now (for tests of its bound). */
    int inputCapacity() {
        return input.capacity();
    }

    @Override
    public long queuedBytes() {
        return closed ? 0 : output.queued();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Stops after {@value #MAX_READS_PER_RECEIVE} reads, or as soon as a read leaves part of
     * the buffer empty (the socket had no more). If a handler closes the channel, the messages
     * after that one are not delivered and this returns true.
     *
     * @throws IOException if reading fails or the stream is corrupt (a length out of range, or end
     *         of stream in the middle of a message); the channel is then closed
     */
    @Override
    public boolean receive(MessageHandler handler) throws IOException {
        ensureOpen();
        if (inputEnded) {
            return false;
        }
        try {
            // Messages left over by a handler that threw on an earlier call go first.
            if (!deliverAll(handler)) {
                return true;
            }
            for (int reads = 0; reads < MAX_READS_PER_RECEIVE; reads++) {
                int room = input.room();
                int n = input.readFrom(socket);
                if (n < 0) {
                    inputEnded = true;
                    String truncation = input.truncation();
                    if (truncation != null) {
                        throw new IOException(truncation);
                    }
                    return false;
                }
                if (!deliverAll(handler)) {
                    return true;
                }
                if (n < room) {
                    break;
                }
            }
            return true;
        } catch (IOException e) {
            // Corrupt framing or a failed read: nothing after it can be trusted.
            closeQuietly(e);
            throw e;
        }
    }

    /** Delivers every whole message, then makes room for the next read; false if a handler closed the channel. */
    private boolean deliverAll(MessageHandler handler) throws IOException {
        while (input.deliverOne(handler)) {
            if (closed) {
                return false;
            }
        }
        input.compact();
        return true;
    }

    /**
     * {@inheritDoc} Messages still queued are sent first: the socket's output is shut down by the
     * {@link #flush} that empties the queue, or at once when it is empty. No offer is taken after.
     */
    @Override
    public void shutdownOutput() throws IOException {
        ensureOpen();
        outputShutdownRequested = true;
        flush();
    }

    @Override
    public Pollable pollable() {
        return socket;
    }

    /** Closes the socket, dropping whatever is still queued; idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            socket.close();
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    private void closeQuietly(IOException cause) {
        try {
            close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "UnixSockChannel[" + socket + ", queued " + queuedBytes() + "]";
    }
}
