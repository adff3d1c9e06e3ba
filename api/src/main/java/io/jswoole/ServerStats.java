package io.jswoole;

/**
 * Counters for the whole server ({@code stats()}), in Swoole's terms.
 *
 * @param startTime      when the server started, in seconds since the epoch
 * @param connectionNum  connections open now
 * @param acceptCount    connections accepted since start
 * @param closeCount     connections closed since start
 * @param requestCount   packets received (onReceive/onPacket calls) since start
 * @param workerNum      event workers
 * @param taskWorkerNum  task workers
 * @param taskingNum     tasks queued or running
 * @param abortCount     connections closed for bad input (oversized packets, buffer overflows)
 */
public record ServerStats(long startTime, int connectionNum, long acceptCount, long closeCount, long requestCount,
                          int workerNum, int taskWorkerNum, int taskingNum, long abortCount) {
}
