package io.jswoole.event;

import io.jswoole.Server;

/**
 * onReceive: a chunk (or, with framing settings, a whole packet) arrived on a stream connection.
 * {@code data} belongs to the callee.
 */
@FunctionalInterface
public interface ReceiveHandler {
    void handle(Server server, int fd, int reactorId, byte[] data) throws Exception;
}
