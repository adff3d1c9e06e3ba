package io.jswoole.spi;

import io.jswoole.ClientInfo;
import io.jswoole.ServerStats;
import io.jswoole.event.TimerHandler;

/**
 * What a running server does when its methods are called; the mode's {@link Factory} attaches
 * one for the current process, whose sends and closes are the factory's finish and end. Every method may be called from any thread of the process.
 */
public interface ServerRuntime {

    /** Queues {@code data} for the connection; false if it does not exist or its buffer is full. */
    boolean send(int fd, byte[] data, int offset, int length);

    /**
     * Queues the remaining bytes of {@code data} for the connection, leaving its position and limit
     * as they were; false if it does not exist or its buffer is full. A runtime whose loop owns
     * the connection writes straight from {@code data} when nothing is queued; this default
     * copies the bytes into an array.
     */
    default boolean send(int fd, java.nio.ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(data.position(), copy);
        return send(fd, copy, 0, copy.length);
    }

    /** Sends one datagram from the given port (or the first datagram port if -1). */
    boolean sendto(String address, int port, byte[] data, int serverSocket);

    /** Closes the connection after its queued output is written, or at once with {@code reset}. */
    boolean close(int fd, boolean reset);

    boolean exists(int fd);

    /** The connection's details, or {@code null} if it does not exist. */
    ClientInfo clientInfo(int fd);

    /** Up to {@code pageSize} open connections with a session id greater than {@code startFd}, ascending. */
    int[] clientList(int startFd, int pageSize);

    /**
     * The open connections idle longer than their port's {@code heartbeat_idle_time} (no data
     * received), ascending, as {@link #clientList} lists them; with {@code close}, each is closed
     * by the server at once (queued output dropped; onClose gets reactorId -1). Empty when the
     * heartbeat is off. In process mode the check reads the shared connection table and the
     * owning reactor threads close; in base mode it runs on the worker's loop.
     */
    int[] heartbeat(boolean close);

    ServerStats stats();

    /** Binds the connection to {@code uid} (dispatch_mode 5 sends its packets to uid % worker_num). */
    boolean bind(int fd, long uid);

    /** Sends {@code message} to worker {@code dstWorkerId}, whose onPipeMessage receives it. */
    boolean sendMessage(byte[] message, int dstWorkerId);

    long tick(long intervalMillis, TimerHandler handler);

    long after(long delayMillis, TimerHandler handler);

    boolean clearTimer(long timerId);

    /** Stops the whole server; returns at once, the server stops in the background. */
    void shutdown();

    /** The actual port bound by listening port {@code portId} (useful after binding port 0). */
    int boundPort(int portId);

    int workerId();

    long workerPid();

    long masterPid();

    /** The manager's pid, or 0 when there is no manager (base mode with one worker). */
    long managerPid();

    /** Queues a task ({@link io.jswoole.Server#task(byte[], int)}); the id, or -1 when the task IPC is full. */
    default int task(byte[] data, int dstWorkerId) {
        throw new io.jswoole.ServerStateException("task() needs task workers: set task_worker_num > 0");
    }

    /** Runs a task and waits for its result ({@link io.jswoole.Server#taskwait(byte[], long, int)}). */
    default byte[] taskwait(byte[] data, long timeoutMillis, int dstWorkerId) {
        throw new io.jswoole.ServerStateException("taskwait() needs task workers: set task_worker_num > 0");
    }

    /** Runs tasks and waits for all results ({@link io.jswoole.Server#taskWaitMulti}). */
    default java.util.List<byte[]> taskWaitMulti(java.util.List<byte[]> tasks, long timeoutMillis) {
        throw new io.jswoole.ServerStateException("taskWaitMulti() needs task workers: set task_worker_num > 0");
    }

    /** Sends the current task's result ({@link io.jswoole.Server#finish(byte[])}). */
    default boolean finish(byte[] result) {
        throw new io.jswoole.ServerStateException("finish() may be called in onTask only, in a task worker");
    }
}
