package io.jswoole.spi.pipe;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A message queue that every process of one server opens, where each message is addressed by a
 * positive type and any process receiving that type may take it: the shape of System V message
 * queues, used by {@code task_ipc_mode} 2 (one type per task worker) and 3 (one type that every
 * task worker takes from, so the first free one runs the next task).
 *
 * <p>A queue has no descriptor to poll: receivers block in {@link #receive} on a thread of their
 * own. Safe for use by several threads.
 */
public interface SharedQueue extends Closeable {

    /** What another process passes to {@link PipeProvider#openQueue}. */
    String address();

    /**
     * Sends one message to {@code type}. A message of any size is taken: one over the provider's
     * own limit travels another way (for example a file in the spill directory, removed once
     * read). When the queue is full, waits up to {@code timeoutMillis} for room (0: not at all).
     *
     * @param type 1 or more
     * @return false if the queue stayed full; nothing was sent
     * @throws IOException if the queue is gone or the message cannot be written
     */
    boolean send(long type, ByteBuffer message, long timeoutMillis) throws IOException;

    /**
     * Takes the next message of {@code type}, waiting for one if {@code wait} is true.
     *
     * @return the message, or null if {@code wait} is false and none is waiting
     * @throws java.nio.channels.ClosedChannelException if the queue was removed (also while waiting)
     * @throws IOException on another failure
     */
    byte[] receive(long type, boolean wait) throws IOException;

    /**
     * Sends {@code header} and then {@code body} as one message, as {@link #send(long, ByteBuffer,
     * long)} sends them joined (the default joins them); a provider may write them without joining
     * them first. Neither buffer's position moves.
     */
    default boolean send(long type, ByteBuffer header, ByteBuffer body, long timeoutMillis) throws IOException {
        ByteBuffer joined = ByteBuffer.allocate(header.remaining() + body.remaining());
        joined.put(header.duplicate()).put(body.duplicate()).flip();
        return send(type, joined, timeoutMillis);
    }

    /**
     * Takes the next message of {@code type} as {@link #receive(long, boolean)} does, puts its first
     * {@code header.remaining()} bytes into {@code header} and returns the rest (the default takes
     * the whole message and copies the rest out of it); a provider may copy the rest only once.
     *
     * @return the bytes after the header, or null if {@code wait} is false and none is waiting
     * @throws IOException also if the message is shorter than the header
     */
    default byte[] receive(long type, boolean wait, ByteBuffer header) throws IOException {
        byte[] message = receive(type, wait);
        if (message == null) {
            return null;
        }
        int length = header.remaining();
        if (message.length < length) {
            throw new IOException("a message of " + message.length + " bytes is shorter than its " + length + "-byte header");
        }
        header.put(message, 0, length);
        return Arrays.copyOfRange(message, length, message.length);
    }

    /** Messages waiting in the queue now, of every type. */
    long pending() throws IOException;

    /**
     * Removes the queue from the system (its creator does this at shutdown): receivers blocked in
     * any process wake with {@link java.nio.channels.ClosedChannelException}, and messages still
     * waiting are discarded (their spill files too).
     */
    void remove() throws IOException;

    /** Releases this process's handle; the queue itself stays until {@link #remove()}. */
    @Override
    void close();
}
