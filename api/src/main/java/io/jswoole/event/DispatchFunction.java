package io.jswoole.event;

import java.nio.ByteBuffer;

/**
 * A custom dispatch function (process mode): chooses the worker for a connection's event. Runs on
 * a reactor thread of the master, so it must be fast and must not block.
 */
@FunctionalInterface
public interface DispatchFunction {
    /**
     * @param fd        the connection's session id
     * @param eventType one of {@code Server.EVENT_CONNECT}, {@code EVENT_RECEIVE}, {@code EVENT_CLOSE},
     *                  {@code EVENT_BUFFER_FULL} (onBufferFull runs in the worker returned) and
     *                  {@code EVENT_BUFFER_EMPTY} (onBufferEmpty)
     * @param data      the received bytes for receive events (read-only, valid only during the call), else empty
     * @return a worker id from 0 to worker_num - 1
     */
    int dispatch(int fd, int eventType, ByteBuffer data);
}
