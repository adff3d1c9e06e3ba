package io.jswoole.event;

import io.jswoole.Server;

/** onStart, onShutdown, onManagerStart, onManagerStop, onBeforeReload, onAfterReload. */
@FunctionalInterface
public interface ServerHandler {
    void handle(Server server) throws Exception;
}
