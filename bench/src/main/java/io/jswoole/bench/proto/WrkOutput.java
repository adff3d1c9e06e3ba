package io.jswoole.bench.proto;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code wrk --latency} printed: requests per second, the median and 99th percentile of
 * the latency, and how many requests failed (socket errors and non-2xx/3xx answers).
 *
 * @param requestsPerSecond its {@code Requests/sec} line
 * @param p50Micros         the 50% line of its latency distribution, in microseconds
 * @param p99Micros         the 99% line, in microseconds
 * @param requests          its {@code N requests in T} line
 * @param errors            socket errors (connect, read, write, timeout) plus non-2xx/3xx responses
 */
public record WrkOutput(double requestsPerSecond, double p50Micros, double p99Micros, long requests, long errors) {
    private static final Pattern RPS = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s*(\\d+) requests in ");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "(?m)^\\s*Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("(?m)^\\s*Non-2xx or 3xx responses: (\\d+)");

    /**
     * Parses wrk's output.
     *
     * @throws IllegalArgumentException if it has no {@code Requests/sec} or no latency distribution
     *                                  (wrk was run without {@code --latency})
     */
    public static WrkOutput parse(String output) {
        Matcher rps = RPS.matcher(output);
        if (!rps.find()) {
            throw new IllegalArgumentException("no Requests/sec in wrk's output");
        }
        Matcher requests = REQUESTS.matcher(output);
        long errors = 0;
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        return new WrkOutput(Double.parseDouble(rps.group(1)), percentile(output, "50"), percentile(output, "99"),
                requests.find() ? Long.parseLong(requests.group(1)) : 0, errors);
    }

    /** The {@code P%} line of the latency distribution, in microseconds. */
    private static double percentile(String output, String p) {
        Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(p) + "(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$")
                .matcher(output);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + p + "% latency in wrk's output (run it with --latency)");
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "us" -> v;
            case "ms" -> v * 1e3;
            case "s" -> v * 1e6;
            default -> v * 60e6;
        };
    }
}
