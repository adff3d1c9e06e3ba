package io.jswoole.event;

import io.jswoole.Server;

/** onPipeMessage: another worker or user process sent this process a message with sendMessage. */
@FunctionalInterface
public interface PipeMessageHandler {
    void handle(Server server, int srcWorkerId, byte[] message) throws Exception;
}
