package io.jswoole;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one kind of callback ran, over every process of the server since it started (a
 * replaced worker's calls included), as {@link ServerStats#latencies()} reports it.
 *
 * <p>The mean is exact (the sum of the durations over their count). The percentiles are
 * estimated from the fixed histogram buckets the processes record into (1, 2.5 and 5 per decade,
 * from 1 µs to 10 s): the bucket holding the rank is found and the value interpolated linearly
 * between its bounds, as Prometheus' {@code histogram_quantile} does. The estimate and the true value
 * lie in the same bucket, so they are at most a factor 2.5 apart (below 1 µs, anywhere from 0 to
 * 1 µs); a percentile above 10 s reports 10 s.
 *
 * @param count callbacks counted
 * @param mean  their mean duration
 * @param p50   the median
 * @param p90   the 90th percentile
 * @param p99   the 99th percentile
 * @param p999  the 99.9th percentile
 */
public record LatencyStats(long count, Duration mean, Duration p50, Duration p90, Duration p99, Duration p999) {
    /** The {@code onReceive} callbacks (stream ports). */
    public static final String ON_RECEIVE = "onReceive";
    /** The {@code onPacket} callbacks (datagram ports). */
    public static final String ON_PACKET = "onPacket";
    /** The {@code onTask} callbacks (task workers). */
    public static final String ON_TASK = "onTask";
    /**
     * Not a callback: in process mode, how long a packet waited between the reactor thread that
     * read it and the start of its worker's callback.
     */
    public static final String DISPATCH = "dispatch";
    /** Nothing counted. */
    public static final LatencyStats EMPTY = new LatencyStats(0, Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO);

    /** Checks that no duration is null and the count is not negative. */
    public LatencyStats {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " < 0");
        }
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(p50, "p50");
        Objects.requireNonNull(p90, "p90");
        Objects.requireNonNull(p99, "p99");
        Objects.requireNonNull(p999, "p999");
    }
}
