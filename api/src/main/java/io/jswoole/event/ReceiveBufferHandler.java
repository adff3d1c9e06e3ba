package io.jswoole.event;

import io.jswoole.Server;
import java.nio.ByteBuffer;

/**
 * onReceive without copies: a chunk (or, with framing settings, a whole packet) arrived on a
 * stream connection, handed over as a read-only view of the bytes where they sit, in the
 * connection's read buffer (process mode: in the buffer of the worker's pipe).
 *
 * <p>The packet is the bytes between {@code data}'s position and its limit (the position need not
 * be 0). The view is valid <b>only during the call</b>: the buffer is reused for the next read
 * once the callback returns, so keep a copy of what must outlive it. Sending it back with
 * {@link Server#send(int, ByteBuffer)} within the call writes it straight to the socket, without
 * a copy when the connection has no output queued. The handler may move the view's position and
 * limit; the server does not look at them afterwards.
 *
 * <p>Set with {@link Server#onReceiveBuffer} or {@link io.jswoole.Port#onReceiveBuffer}; it and
 * {@link ReceiveHandler} share one slot: setting either replaces the other.
 */
@FunctionalInterface
public interface ReceiveBufferHandler {
    void handle(Server server, int fd, int reactorId, ByteBuffer data) throws Exception;
}
