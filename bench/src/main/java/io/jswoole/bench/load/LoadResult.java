package io.jswoole.bench.load;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one load run: requests completed in the window, latency percentiles
 * (nanoseconds), errors by kind, and fairness across connections.
 */
public record LoadResult(LoadConfig config, long requests, long bytes, double windowSeconds, Histogram latency,
                         long[] errors, long connectsOk, long stalled, long connectionMin, long connectionMax,
                         double cpuPercent, double wallSeconds) {

    public double requestsPerSecond() {
        return windowSeconds > 0 ? requests / windowSeconds : 0;
    }

    public double megabytesPerSecond() {
        return windowSeconds > 0 ? bytes / windowSeconds / 1e6 : 0;
    }

    /** Latency at {@code percentile} (0 to 100), in microseconds. */
    public double latencyMicros(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1e3;
    }

    public double maxMicros() {
        return latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1e3;
    }

    public long errorCount() {
        long sum = 0;
        for (long e : errors) {
            sum += e;
        }
        return sum;
    }

    public long errors(ErrorKind kind) {
        return errors[kind.ordinal()];
    }

    /** Connections opened again after an error. */
    public long reconnects() {
        return Math.max(0, connectsOk - config.connections());
    }

    /** The exit status of the C load generator: 0 ok, 1 errors were counted, 2 no request completed. */
    public int exitStatus() {
        if (requests == 0 || connectsOk == 0) {
            return 2;
        }
        return errorCount() > 0 ? 1 : 0;
    }

    /** The human summary, as the C load generator prints it. */
    public String summary() {
        LoadConfig c = config;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "target        %s:%d  conns=%d size=%d depth=%d threads=%d warmup=%.1fs "
                        + "duration=%.1fs verify=%d%n", c.host(), c.port(), c.connections(), c.size(), c.depth(),
                c.threads(), c.warmupSeconds(), c.durationSeconds(), c.verify().level()));
        sb.append(String.format(Locale.ROOT, "requests      %d in %.3f s = %.1f req/s, %.2f MB/s echoed%n", requests,
                windowSeconds, requestsPerSecond(), megabytesPerSecond()));
        sb.append(String.format(Locale.ROOT, "latency (us)  min %.1f  mean %.1f  p50 %.1f  p90 %.1f  p99 %.1f  "
                        + "p99.9 %.1f  max %.1f%n", latency.getTotalCount() == 0 ? 0 : latency.getMinValue() / 1e3,
                latency.getTotalCount() == 0 ? 0 : latency.getMean() / 1e3, latencyMicros(50), latencyMicros(90),
                latencyMicros(99), latencyMicros(99.9), maxMicros()));
        sb.append(String.format(Locale.ROOT, "per-conn      min %d  max %d requests in window%n", connectionMin,
                connectionMax));
        StringBuilder kinds = new StringBuilder();
        for (ErrorKind k : ErrorKind.values()) {
            kinds.append(kinds.length() == 0 ? "" : ", ").append(k.label()).append(' ').append(errors(k));
        }
        sb.append(String.format(Locale.ROOT, "errors        %d (%s); stalled %d; connects ok %d; reconnects %d%n",
                errorCount(), kinds, stalled, connectsOk, reconnects()));
        sb.append(String.format(Locale.ROOT, "loadgen cpu   %.0f%% of one core over %.2f s wall%n", cpuPercent,
                wallSeconds));
        return sb.toString();
    }

    /**
     * One line starting with {@code RESULT}: the C load generator's keys (so that a runner reads
     * either program's output) followed by this program's extra counters.
     */
    public String resultLine() {
        return String.format(Locale.ROOT, "RESULT label=%s conns=%d size=%d depth=%d rps=%.1f mbps=%.2f p50_us=%.1f "
                        + "p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f errors=%d stalled=%d conn_min=%d "
                        + "conn_max=%d lg_cpu_pct=%.0f reconnects=%d mismatch=%d", config.label(),
                config.connections(), config.size(), config.depth(), requestsPerSecond(), megabytesPerSecond(),
                latencyMicros(50), latencyMicros(90), latencyMicros(99), latencyMicros(99.9), maxMicros(),
                errorCount(), stalled, connectionMin, connectionMax, cpuPercent, reconnects(),
                errors(ErrorKind.MISMATCH));
    }
}
