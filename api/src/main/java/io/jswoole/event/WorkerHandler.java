package io.jswoole.event;

import io.jswoole.Server;

/** onWorkerStart, onWorkerStop, onWorkerExit: runs in the worker whose id is given. */
@FunctionalInterface
public interface WorkerHandler {
    void handle(Server server, int workerId) throws Exception;
}
