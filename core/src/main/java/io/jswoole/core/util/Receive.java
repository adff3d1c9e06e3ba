package io.jswoole.core.util;

import io.jswoole.PortEvents;
import io.jswoole.Server;
import io.jswoole.event.ReceiveBufferHandler;
import io.jswoole.event.ReceiveHandler;
import io.jswoole.log.Log;
import java.nio.ByteBuffer;

/**
 * Calls a port's onReceive in the form it was set in: the view form gets {@code packet} itself,
 * the {@code byte[]} form a copy. A callback that throws is logged, as {@link Callbacks} does,
 * without allocating anything on the way in.
 */
public final class Receive {
    private Receive() {
    }

    /** Delivers {@code packet} (a read-only view, valid during the call) to the port's onReceive. */
    public static void deliver(PortEvents events, Server server, int fd, int reactorId, ByteBuffer packet) {
        try {
            ReceiveBufferHandler view = events.onReceiveBuffer();
            if (view != null) {
                view.handle(server, fd, reactorId, packet);
                return;
            }
            ReceiveHandler h = events.onReceive();
            if (h != null) {
                byte[] data = new byte[packet.remaining()];
                packet.get(data);
                h.handle(server, fd, reactorId, data);
            }
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            Log.error("onReceive threw " + e, e);
        }
    }
}
