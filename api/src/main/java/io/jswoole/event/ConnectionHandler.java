package io.jswoole.event;

import io.jswoole.Server;

/**
 * onConnect, onClose, onBufferFull, onBufferEmpty. For onClose, {@code reactorId} is -1 when the
 * server closed the connection itself (Swoole's rule).
 */
@FunctionalInterface
public interface ConnectionHandler {
    void handle(Server server, int fd, int reactorId) throws Exception;
}
