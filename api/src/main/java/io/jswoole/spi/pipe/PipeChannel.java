package io.jswoole.spi.pipe;

import io.jswoole.spi.reactor.Pollable;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One end of a message channel between two processes. Every message carries a header (type,
 * flags, reactor id, session) and a payload of any size, and arrives whole and in order.
 *
 * <p>Sending is in two steps so that many messages share one system call: {@link #offer} copies a
 * message into the channel's queue, {@link #flush} writes everything queued. A channel is used by
 * one thread (its event loop) at a time.
 */
public interface PipeChannel extends Closeable {

    /**
     * Receives one message. {@code payload} is a read-only view whose bytes run from its position
     * to its limit; it is valid only during the call (a provider may reuse it).
     */
    @FunctionalInterface
    interface MessageHandler {
        void onMessage(int type, int flags, int reactorId, int session, ByteBuffer payload);
    }

    /**
     * Queues one message (copying {@code payload}'s remaining bytes, without moving its position).
     * Returns false, queueing nothing, when the queue already holds more than the channel's limit:
     * the caller then stops producing (for example, stops reading a client) until a
     * {@link #flush} drains it. A message offered to an empty queue is always taken, whatever its
     * size.
     *
     * @param type      0 to 255
     * @param flags     0 to 255
     * @param reactorId 0 to 65535
     * @throws IllegalArgumentException for a field out of range or a payload over the provider's maximum
     * @throws IllegalStateException    after {@link #shutdownOutput()} or {@link #close()}
     * @throws BrokenChannelException   if the medium failed (a full shared-memory file system): the
     *                                  channel is closed and nothing more can be sent on it
     */
    boolean offer(int type, int flags, int reactorId, int session, ByteBuffer payload);

    /** The channel's medium failed while a message was written; the channel is closed. */
    final class BrokenChannelException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public BrokenChannelException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Writes queued messages, as many per system call as fit; returns true when none is left (for
     * a channel whose messages go straight to shared memory: when the peer has room for more).
     * After false, the caller waits for {@link #roomReadiness()} on the {@link #pollable()} and
     * flushes again.
     */
    boolean flush() throws IOException;

    /**
     * The readiness of {@link #pollable()} that tells a sender whose {@link #flush()} returned
     * false to flush again: {@link io.jswoole.spi.reactor.Poller#WRITE} for a socket (the
     * default), {@link io.jswoole.spi.reactor.Poller#READ} for a channel whose peer sends a byte
     * when it has taken enough (the caller then flushes before it receives).
     */
    default int roomReadiness() {
        return io.jswoole.spi.reactor.Poller.WRITE;
    }

    /** Bytes queued and not yet written. */
    long queuedBytes();

    /**
     * Reads what has arrived without blocking and delivers every whole message; returns false once
     * the peer has closed its side (or died) and every message before that was delivered, and
     * keeps returning false after that. An {@link IOException} (a message cut off, a malformed
     * header) leaves the channel closed. A message whose handler throws is not delivered again.
     */
    boolean receive(MessageHandler handler) throws IOException;

    /**
     * Closes the sending side only: messages already queued go first (the shutdown happens at the
     * {@link #flush()} that empties the queue), then the peer reads end of stream.
     */
    void shutdownOutput() throws IOException;

    /**
     * The socket to poll: {@link io.jswoole.spi.reactor.Poller#READ} when messages arrived,
     * {@link io.jswoole.spi.reactor.Poller#WRITE} when a blocked flush can go on. {@code null} for a
     * channel without a descriptor (System V queues), which the caller serves from a thread.
     */
    Pollable pollable();
}
