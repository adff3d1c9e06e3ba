package io.jswoole.event;

import io.jswoole.Server;

/**
 * onTask: runs in a task worker. A non-null return value is the task's result, as if
 * {@link Server#finish(byte[])} had been called with it.
 */
@FunctionalInterface
public interface TaskHandler {
    byte[] handle(Server server, int taskId, int srcWorkerId, byte[] data) throws Exception;
}
