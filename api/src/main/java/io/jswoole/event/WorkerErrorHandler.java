package io.jswoole.event;

import io.jswoole.Server;

/** onWorkerError: runs in the manager when a worker process exits abnormally. */
@FunctionalInterface
public interface WorkerErrorHandler {
    /**
     * @param exitCode the exit code, or -1 if the process was killed by a signal
     * @param signal   the signal that killed it, or 0
     */
    void handle(Server server, int workerId, long workerPid, int exitCode, int signal) throws Exception;
}
