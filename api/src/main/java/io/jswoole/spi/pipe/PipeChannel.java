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

    /** Receives one message; {@code payload} is valid only during the call. */
    @FunctionalInterface
    interface MessageHandler {
        void onMessage(int type, int flags, int reactorId, int session, ByteBuffer payload);
    }

    /**
     * Queues one message (copying {@code payload}'s remaining bytes). Returns false, queueing
     * nothing, when the queue already holds more than the channel's limit: the caller then stops
     * producing (for example, stops reading a client) until a {@link #flush} drains it. A message
     * offered to an empty queue is always taken, whatever its size.
     */
    boolean offer(int type, int flags, int reactorId, int session, ByteBuffer payload);

    /** Writes queued messages, as many per system call as fit; returns true when none is left. */
    boolean flush() throws IOException;

    /** Bytes queued and not yet written. */
    long queuedBytes();

    /**
     * Reads what has arrived without blocking and delivers every whole message; returns false once
     * the peer has closed its side (or died) and every message before that was delivered.
     */
    boolean receive(MessageHandler handler) throws IOException;

    /** Closes the sending side only: the peer reads what was sent, then end of stream. */
    void shutdownOutput() throws IOException;

    /**
     * The socket to poll: {@link io.jswoole.spi.reactor.Poller#READ} when messages arrived,
     * {@link io.jswoole.spi.reactor.Poller#WRITE} when a blocked flush can go on. {@code null} for a
     * channel without a descriptor (System V queues), which the caller serves from a thread.
     */
    Pollable pollable();
}
