package io.jswoole.event;

import io.jswoole.Server;

/** onFinish: runs in the worker that sent the task, with the task's result. */
@FunctionalInterface
public interface FinishHandler {
    void handle(Server server, int taskId, byte[] result) throws Exception;
}
