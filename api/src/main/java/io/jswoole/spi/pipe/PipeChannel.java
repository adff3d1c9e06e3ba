package io.jswoole.spi.pipe;

import io.jswoole.spi.reactor.Pollable;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One end of a message channel between two processes. Messages carry a small header (type,
 * session, reactor id, flags) and a payload, and arrive whole and in order.
 */
public interface PipeChannel extends Closeable {

    /** Receives one message; the payload is valid only during the call. */
    @FunctionalInterface
    interface MessageHandler {
        void onMessage(int type, int session, int reactorId, int flags, ByteBuffer payload);
    }

    /**
     * Queues one message. Returns false, queueing nothing, when the channel is full: the caller
     * stops producing (for example stops reading the client) until {@link #flush()} drains it.
     */
    boolean offer(int type, int session, int reactorId, int flags, ByteBuffer payload) throws IOException;

    /** Writes queued messages, many per system call; returns true when nothing is left queued. */
    boolean flush() throws IOException;

    /** Delivers every message that has arrived, without blocking; returns false once the peer is gone. */
    boolean receive(MessageHandler handler) throws IOException;

    /**
     * The socket to poll for incoming messages in the event loop, or {@code null} for a channel
     * without a descriptor (System V queues), which the caller serves from a thread instead.
     */
    Pollable pollable();
}
