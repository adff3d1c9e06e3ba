package io.jswoole;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters for the whole server ({@code stats()}), in Swoole's terms. In base mode each worker
 * counts its own connections and publishes them every 100 ms, so another worker's share of the
 * server-wide figures can be that much behind.
 *
 * @param startTime      when the server started, in seconds since the epoch
 * @param connectionNum  connections open now
 * @param acceptCount    connections accepted since start
 * @param closeCount     connections closed since start
 * @param requestCount   packets received (onReceive/onPacket calls) since start
 * @param workerNum      event workers
 * @param taskWorkerNum  task workers
 * @param taskingNum     tasks sent by the workers and not yet answered (queued or running)
 * @param abortCount     connections closed for bad input (oversized packets, buffer overflows)
 * @param taskRunningNum task workers running a task now
 * @param taskRefusedCount tasks refused since start because the task IPC was full ({@code task()} returned -1)
 * @param taskFailedCount  tasks lost since start because their task worker died while running them
 * @param userWorkerNum    user processes ({@code addProcess})
 * @param workerRequestCount packets (or, in a task worker, tasks) the calling process has handled
 * @param idleWorkerNum  event workers running and not in a callback now (the calling worker, asking from
 *                       its own callback, counts as busy)
 * @param dispatchCount  packets handed to the workers since start: in process mode those the reactor
 *                       threads passed to a worker (a packet refused because its worker's pipe was full
 *                       is not counted); in base mode each worker reads and handles its own packets, so
 *                       it is the packets the workers received, {@code requestCount}
 * @param latencies      how long each kind of callback ran, over every process of the server, under the
 *                       names of {@link LatencyStats} ({@code onReceive}, {@code onPacket}, {@code onTask},
 *                       {@code dispatch}); a kind that has counted nothing yet is absent (see
 *                       {@link #latency(String)}). Unmodifiable, in that order
 */
public record ServerStats(long startTime, int connectionNum, long acceptCount, long closeCount, long requestCount,
                          int workerNum, int taskWorkerNum, int taskingNum, long abortCount,
                          int taskRunningNum, long taskRefusedCount, long taskFailedCount,
                          int userWorkerNum, long workerRequestCount, int idleWorkerNum, long dispatchCount,
                          Map<String, LatencyStats> latencies) {

    /** Copies {@code latencies} into an unmodifiable map that keeps its order. */
    public ServerStats {
        latencies = Collections.unmodifiableMap(new LinkedHashMap<>(latencies));
    }

    /** These counters without latencies (none counted yet, or no histograms to read them from). */
    public ServerStats(long startTime, int connectionNum, long acceptCount, long closeCount, long requestCount,
                       int workerNum, int taskWorkerNum, int taskingNum, long abortCount,
                       int taskRunningNum, long taskRefusedCount, long taskFailedCount,
                       int userWorkerNum, long workerRequestCount, int idleWorkerNum, long dispatchCount) {
        this(startTime, connectionNum, acceptCount, closeCount, requestCount, workerNum, taskWorkerNum, taskingNum,
                abortCount, taskRunningNum, taskRefusedCount, taskFailedCount, userWorkerNum, workerRequestCount,
                idleWorkerNum, dispatchCount, Map.of());
    }

    /**
     * The latencies of one kind ({@link LatencyStats#ON_RECEIVE}, ...), or {@link LatencyStats#EMPTY}
     * when it has counted nothing.
     */
    public LatencyStats latency(String kind) {
        return latencies.getOrDefault(kind, LatencyStats.EMPTY);
    }

    /** Task workers not running a task now: {@code taskWorkerNum - taskRunningNum}. */
    public int taskIdleWorkerNum() {
        return Math.max(0, taskWorkerNum - taskRunningNum);
    }

    /** Tasks sent and waiting for a task worker: {@code taskingNum - taskRunningNum}. */
    public int taskQueuedNum() {
        return Math.max(0, taskingNum - taskRunningNum);
    }

    /** These counters with the task figures of {@code tasks}. */
    public ServerStats withTasks(TaskCounts tasks) {
        return new ServerStats(startTime, connectionNum, acceptCount, closeCount, requestCount, workerNum,
                taskWorkerNum, tasks.tasking(), abortCount, tasks.running(), tasks.refused(), tasks.failed(),
                userWorkerNum, workerRequestCount, idleWorkerNum, dispatchCount, latencies);
    }

    /** These counters with the calling process's figures. */
    public ServerStats withProcess(int userWorkers, long requestsHandled) {
        return new ServerStats(startTime, connectionNum, acceptCount, closeCount, requestCount, workerNum,
                taskWorkerNum, taskingNum, abortCount, taskRunningNum, taskRefusedCount, taskFailedCount,
                userWorkers, requestsHandled, idleWorkerNum, dispatchCount, latencies);
    }

    /** These counters with {@code idle} event workers not in a callback now. */
    public ServerStats withIdleWorkers(int idle) {
        return new ServerStats(startTime, connectionNum, acceptCount, closeCount, requestCount, workerNum,
                taskWorkerNum, taskingNum, abortCount, taskRunningNum, taskRefusedCount, taskFailedCount,
                userWorkerNum, workerRequestCount, idle, dispatchCount, latencies);
    }

    /** These counters with the latencies {@code byKind}. */
    public ServerStats withLatencies(Map<String, LatencyStats> byKind) {
        return new ServerStats(startTime, connectionNum, acceptCount, closeCount, requestCount, workerNum,
                taskWorkerNum, taskingNum, abortCount, taskRunningNum, taskRefusedCount, taskFailedCount,
                userWorkerNum, workerRequestCount, idleWorkerNum, dispatchCount, byKind);
    }

    /** The task figures of the whole server, summed over its processes. */
    public record TaskCounts(int tasking, int running, long refused, long failed) {
        /** No task sent, running, refused or lost. */
        public static final TaskCounts NONE = new TaskCounts(0, 0, 0, 0);
    }
}
