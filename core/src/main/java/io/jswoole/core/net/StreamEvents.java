package io.jswoole.core.net;

import java.nio.ByteBuffer;

/**
 * What happens to a loop's stream connections, for the mode to act on: call the user's
 * callbacks (base mode) or forward to a worker (process mode). Called on the loop's thread.
 */
public interface StreamEvents {

    void onConnect(Connection c);

    /** A packet arrived; {@code packet} is valid only during the call. */
    void onData(Connection c, ByteBuffer packet);

    /** The connection closed; {@code byServer} when the server closed it (Swoole's reactorId -1). */
    void onClose(Connection c, boolean byServer);

    /**
     * The client ended its side (end of stream). Returns true when replies to what was read may
     * still be on their way (process mode: the worker has not answered yet); the connection then
     * keeps writing, reads no more, and closes when {@link Connection#close} is called. Returns
     * false to close once the queued output is written.
     */
    default boolean onInputEnded(Connection c) {
        return false;
    }

    /** The output buffer passed its high water mark; reading from the client has paused. */
    void onBufferFull(Connection c);

    /** The output buffer drained; reading from the client resumes. */
    void onBufferEmpty(Connection c);
}
