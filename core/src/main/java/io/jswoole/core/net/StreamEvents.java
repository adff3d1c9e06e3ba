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

    /** The output buffer passed its high water mark; reading from the client has paused. */
    void onBufferFull(Connection c);

    /** The output buffer drained; reading from the client resumes. */
    void onBufferEmpty(Connection c);
}
