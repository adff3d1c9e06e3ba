package io.jswoole.bench.load;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** What one load thread counted; written by that thread only, read after it has finished. */
final class WorkerStats {
    private static final long HIGHEST = TimeUnit.HOURS.toNanos(1);

    final Histogram latency = new Histogram(1, HIGHEST, 3);
    final long[] errors = new long[ErrorKind.values().length];
    long requests;
    long bytes;
    long connectsOk;
    long stalled;
    long windowStart;
    long windowEnd;

    void record(long nanos) {
        latency.recordValue(Math.max(1, Math.min(HIGHEST, nanos)));
        requests++;
    }

    void count(ErrorKind kind) {
        errors[kind.ordinal()]++;
    }

    /** Starts the measurement window: what the warm-up recorded is dropped. */
    void startWindow(long now) {
        latency.reset();
        requests = 0;
        bytes = 0;
        windowStart = now;
    }

    boolean inWindow() {
        return windowStart != 0 && windowEnd == 0;
    }
}
