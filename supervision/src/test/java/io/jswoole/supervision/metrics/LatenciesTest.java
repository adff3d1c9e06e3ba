package io.jswoole.supervision.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jswoole.LatencyStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Percentiles from hand-made bucket counts, and the whole server's sum over slots and ports. */
@Timeout(10)
class LatenciesTest {
    private static final int BUCKETS = ProcessMetrics.BOUNDS_NANOS.length + 1;

    @TempDir
    Path dir;

    private static ProcessMetrics.Histogram histogram(long sumNanos, long... bucketAndCount) {
        long[] buckets = new long[BUCKETS];
        long count = 0;
        for (int i = 0; i < bucketAndCount.length; i += 2) {
            buckets[(int) bucketAndCount[i]] = bucketAndCount[i + 1];
            count += bucketAndCount[i + 1];
        }
        return new ProcessMetrics.Histogram(count, sumNanos, buckets);
    }

    @Test
    void aPercentileIsInterpolatedInTheBucketHoldingItsRank() {
        // 10 durations in [0, 1 µs], 10 in (1 µs, 2.5 µs]
        ProcessMetrics.Histogram h = histogram(30_000, 0, 10, 1, 10);
        assertEquals(1_000, h.quantile(0.5), "rank 10: the top of the first bucket");
        assertEquals(500, h.quantile(0.25), "rank 5: halfway through [0, 1 µs]");
        assertEquals(2_200, h.quantile(0.9), "rank 18: 1 µs + 0.8 of 1.5 µs");
        assertEquals(2_470, h.quantile(0.99), "rank 19.8");
        assertEquals(2_497, h.quantile(0.999), "rank 19.98");
        assertEquals(2_500, h.quantile(1));
        assertEquals(1_500, h.meanNanos());
        assertEquals(new LatencyStats(20, Duration.ofNanos(1_500), Duration.ofNanos(1_000), Duration.ofNanos(2_200),
                Duration.ofNanos(2_470), Duration.ofNanos(2_497)), Latencies.of(h));
    }

    @Test
    void emptyBucketsAreSkippedAndTheOverflowBucketReportsItsLowerBound() {
        // 99 durations in (25 µs, 50 µs], 1 above 10 s
        ProcessMetrics.Histogram h = histogram(0, 5, 99, 22, 1);
        assertEquals(37_626, h.quantile(0.5), "25 µs + 50/99 of 25 µs");
        assertEquals(50_000, h.quantile(0.99), "rank 99: the top of its bucket");
        assertEquals(10_000_000_000L, h.quantile(0.999), "above every bound: the highest bound");
    }

    @Test
    void nothingCountedIsEmpty() {
        ProcessMetrics.Histogram h = histogram(0);
        assertEquals(0, h.quantile(0.5));
        assertEquals(0, h.meanNanos());
        assertEquals(LatencyStats.EMPTY, Latencies.of(h));
        for (double q : List.of(0.0, -0.5, 1.5, Double.NaN)) {
            assertThrows(IllegalArgumentException.class, () -> h.quantile(q), "quantile " + q);
        }
    }

    @Test
    void theServerFiguresSumEverySlotAndPortAndLeaveOutKindsWithNothing() throws IOException {
        try (ProcessMetrics metrics = ProcessMetrics.create(dir, 2, 2)) {
            metrics.recorder(2).record(ProcessMetrics.RECEIVE, 0, 800);
            metrics.recorder(3).record(ProcessMetrics.RECEIVE, 1, 2_000);
            metrics.recorder(3).record(ProcessMetrics.RECEIVE, 0, 2_000);
            metrics.recorder(3).record(ProcessMetrics.TASK, 0, 40_000);
            ProcessMetrics.Histogram receive = metrics.histogram(ProcessMetrics.RECEIVE);
            assertEquals(3, receive.count());
            assertEquals(4_800, receive.sumNanos());
            assertEquals(1, receive.buckets()[0]);
            assertEquals(2, receive.buckets()[1]);

            var byKind = Latencies.of(metrics);
            assertEquals(List.of(LatencyStats.ON_RECEIVE, LatencyStats.ON_TASK), List.copyOf(byKind.keySet()));
            assertEquals(Latencies.of(receive), byKind.get(LatencyStats.ON_RECEIVE));
            assertEquals(Duration.ofNanos(1_600), byKind.get(LatencyStats.ON_RECEIVE).mean());
            assertEquals(Duration.ofNanos(1_375), byKind.get(LatencyStats.ON_RECEIVE).p50(), "rank 1.5: 1 µs + 0.25 of 1.5 µs");
            assertEquals(1, byKind.get(LatencyStats.ON_TASK).count());
            assertThrows(UnsupportedOperationException.class, () -> byKind.remove(LatencyStats.ON_TASK));
        }
    }
}
