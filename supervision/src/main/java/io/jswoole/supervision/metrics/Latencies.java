package io.jswoole.supervision.metrics;

import io.jswoole.LatencyStats;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The histograms of a metrics file as {@code stats()} reports them: one {@link LatencyStats} per kind. */
public final class Latencies {
    private Latencies() {
    }

    /**
     * Each kind that has counted something, summed over every process and port of the server, under
     * the names of {@link ProcessMetrics#KIND_NAMES} and in their order.
     */
    public static Map<String, LatencyStats> of(ProcessMetrics metrics) {
        Map<String, LatencyStats> byKind = new LinkedHashMap<>();
        for (int kind = 0; kind < ProcessMetrics.KIND_NAMES.length; kind++) {
            ProcessMetrics.Histogram h = metrics.histogram(kind);
            if (h.count() > 0) {
                byKind.put(ProcessMetrics.KIND_NAMES[kind], of(h));
            }
        }
        return Collections.unmodifiableMap(byKind);
    }

    /** The count, mean and percentiles of one histogram; {@link LatencyStats#EMPTY} when it counted nothing. */
    public static LatencyStats of(ProcessMetrics.Histogram h) {
        if (h.count() == 0) {
            return LatencyStats.EMPTY;
        }
        return new LatencyStats(h.count(), Duration.ofNanos(h.meanNanos()), Duration.ofNanos(h.quantile(0.5)),
                Duration.ofNanos(h.quantile(0.9)), Duration.ofNanos(h.quantile(0.99)),
                Duration.ofNanos(h.quantile(0.999)));
    }
}
