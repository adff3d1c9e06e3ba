package io.jswoole.tasks;

import io.jswoole.ServerStateException;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.loop.LoopRuntime;
import java.util.List;

/**
 * The runtime of a worker, in either mode: its loop's methods, and its task side
 * ({@code task()}, {@code taskwait()}, messages to task workers and user processes) once the
 * worker has linked to them.
 */
public abstract class TaskingRuntime extends LoopRuntime {
    /** The links to task workers and user processes; null when the server has none. */
    private volatile WorkerPeers peers;

    protected TaskingRuntime(EventLoop loop) {
        super(loop);
    }

    /** Gives this worker's runtime its task side. */
    public void peers(WorkerPeers p) {
        this.peers = p;
    }

    /** This worker's task side, or null. */
    protected WorkerPeers peers() {
        return peers;
    }

    private WorkerPeers requirePeers(String method) {
        WorkerPeers p = peers;
        if (p == null) {
            throw new ServerStateException(method + "() needs task workers: set task_worker_num > 0");
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
    public List<byte[]> taskWaitMulti(List<byte[]> tasks, long timeoutMillis) {
        return requirePeers("taskWaitMulti").taskWaitMulti(tasks, timeoutMillis);
    }
}
