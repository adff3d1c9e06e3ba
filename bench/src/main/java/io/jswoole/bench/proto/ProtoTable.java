package io.jswoole.bench.proto;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The Markdown table of a protocol bench: per workload and server, the medians over the rounds
 * (requests per second and its spread, latency, CPU per request, RSS) and the ratio of the
 * median requests per second to the baseline's.
 */
public final class ProtoTable {
    private ProtoTable() {
    }

    /**
     * Formats {@code results}.
     *
     * @param servers  the servers' names, in the order of the rows
     * @param baseline the server whose median the ratios divide by; no ratio column if null
     */
    public static String format(List<RunResult> results, List<String> workloads, List<String> servers,
                                String baseline, int rounds) {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | server | req/s (median of ").append(rounds).append(") | spread |");
        if (baseline != null) {
            sb.append(" × ").append(baseline).append(" |");
        }
        sb.append(" p50 µs | p99 µs | CPU µs/req | RSS MiB |\n|---|---|---:|---:|");
        if (baseline != null) {
            sb.append("---:|");
        }
        sb.append("---:|---:|---:|---:|\n");
        StringBuilder notes = new StringBuilder();
        for (String w : workloads) {
            double base = baseline == null ? Double.NaN : median(ok(results, w, baseline), RunResult::rps);
            boolean first = true;
            for (String s : servers) {
                List<RunResult> all = results.stream().filter(r -> r.workload().equals(w) && r.server().equals(s))
                        .toList();
                if (all.isEmpty()) {
                    continue;
                }
                List<RunResult> ok = ok(results, w, s);
                sb.append("| ").append(first ? w : "").append(" | ").append(s).append(" | ");
                first = false;
                if (ok.isEmpty()) {
                    sb.append("failed |");
                    sb.append(" |".repeat(baseline != null ? 6 : 5)).append('\n');
                } else {
                    double rps = median(ok, RunResult::rps);
                    double spread = (max(ok, RunResult::rps) - min(ok, RunResult::rps)) / rps * 100;
                    sb.append(String.format(Locale.ROOT, "%,.0f | %.0f%% |", rps, spread));
                    if (baseline != null) {
                        sb.append(Double.isNaN(base) || base == 0 ? " |" : String.format(Locale.ROOT, " %.2f |",
                                rps / base));
                    }
                    sb.append(String.format(Locale.ROOT, " %s | %s | %.2f | %.0f |%n",
                            micros(median(ok, RunResult::p50Micros)), micros(median(ok, RunResult::p99Micros)),
                            median(ok, RunResult::cpuMicrosPerRequest),
                            median(ok, r -> r.rssBytes()) / (1024.0 * 1024.0)));
                }
                all.stream().filter(r -> !r.ok()).forEach(r -> notes.append(String.format(Locale.ROOT,
                        "- %s, %s, round %d failed: %s%n", w, s, r.round(), r.error())));
            }
        }
        if (!notes.isEmpty()) {
            sb.append('\n').append(notes);
        }
        return sb.toString();
    }

    private static String micros(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static List<RunResult> ok(List<RunResult> results, String workload, String server) {
        return results.stream().filter(r -> r.ok() && r.workload().equals(workload) && r.server().equals(server))
                .toList();
    }

    static double median(List<RunResult> items, ToDoubleFunction<RunResult> value) {
        double[] v = items.stream().mapToDouble(value).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    private static double min(List<RunResult> items, ToDoubleFunction<RunResult> value) {
        return Arrays.stream(items.stream().mapToDouble(value).toArray()).min().orElse(Double.NaN);
    }

    private static double max(List<RunResult> items, ToDoubleFunction<RunResult> value) {
        return Arrays.stream(items.stream().mapToDouble(value).toArray()).max().orElse(Double.NaN);
    }
}
