package io.jswoole.core.loop;

import io.jswoole.event.TimerHandler;
import io.jswoole.spi.ServerRuntime;

/**
 * The part of a {@link ServerRuntime} every process with an event loop answers the same way:
 * timers run on that loop, and the worker pid is this process's.
 */
public abstract class LoopRuntime implements ServerRuntime {
    /** The loop timers run on. */
    protected final EventLoop loop;
    private final long pid = ProcessHandle.current().pid();
    /** A worker's links to task workers and user processes; null when the server has none. */
    private volatile io.jswoole.core.task.WorkerPeers peers;

    protected LoopRuntime(EventLoop loop) {
        this.loop = loop;
    }

    /** Gives this worker's runtime its task side ({@code task()}, {@code taskwait()}, messages to task workers). */
    public void peers(io.jswoole.core.task.WorkerPeers p) {
        this.peers = p;
    }

    /** This worker's task side, or null. */
    protected io.jswoole.core.task.WorkerPeers peers() {
        return peers;
    }

    private io.jswoole.core.task.WorkerPeers requirePeers(String method) {
        io.jswoole.core.task.WorkerPeers p = peers;
        if (p == null) {
            throw new io.jswoole.ServerStateException(method + "() needs task workers: set task_worker_num > 0");
        }
        return p;
    }

    @Override
    public int task(byte[] data, int dstWorkerId) {
        return requirePeers("task").task(data, dstWorkerId);
    }

    @Override
    public byte[] taskwait(byte[] data, long timeoutMillis, int dstWorkerId) {
        return requirePeers("taskwait").taskwait(data, timeoutMillis, dstWorkerId);
    }

    @Override
    public java.util.List<byte[]> taskWaitMulti(java.util.List<byte[]> tasks, long timeoutMillis) {
        return requirePeers("taskWaitMulti").taskWaitMulti(tasks, timeoutMillis);
    }

    @Override
    public long tick(long intervalMillis, TimerHandler handler) {
        return loop.tick(intervalMillis, handler);
    }

    @Override
    public long after(long delayMillis, TimerHandler handler) {
        return loop.after(delayMillis, handler);
    }

    @Override
    public boolean clearTimer(long timerId) {
        return loop.clearTimer(timerId);
    }

    @Override
    public long workerPid() {
        return pid;
    }
}
