package io.jswoole.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One server under one workload and one client, over all rounds: medians, the spread of the
 * throughput ((max - min) / median) and its ratio to each baseline server.
 *
 * @param used    rounds that count: those that succeeded with the machine otherwise quiet (or, if
 *                none was quiet, all that succeeded)
 * @param noisy   rounds during which other processes used more CPU than allowed
 * @param ratios  median throughput divided by the baseline's, by baseline name (absent when the
 *                baseline has no result)
 */
public record SummaryRow(String client, String workload, String server, int rounds, int used, int noisy,
                         double rps, double rpsMin, double rpsMax, double p50Micros, double p99Micros,
                         double p999Micros, double cpuMicrosPerRequest, double syscallsPerRequest,
                         double serverCpuPercent,
                         double serverUserPercent, double rssMiB,
                         long errors, Map<String, Double> ratios) {

    /** (max - min) / median of the throughput, in percent. */
    public double spreadPercent() {
        return rps > 0 ? 100 * (rpsMax - rpsMin) / rps : 0;
    }

    /** Summarizes {@code measurements} by client, workload and server, in the plan's order. */
    public static List<SummaryRow> of(List<Measurement> measurements, RunPlan plan) {
        List<SummaryRow> rows = new ArrayList<>();
        for (LoadClient c : plan.clients()) {
            for (Workload w : plan.workloads()) {
                List<SummaryRow> group = new ArrayList<>();
                for (ServerSpec s : plan.servers()) {
                    group.add(row(measurements, c.name(), w.name(), s.name(), plan.maxOtherCpuPercent()));
                }
                for (SummaryRow r : group) {
                    rows.add(r.withRatios(group, plan.baselines()));
                }
            }
        }
        return rows;
    }

    private static SummaryRow row(List<Measurement> all, String client, String workload, String server,
                                  double maxOther) {
        List<Measurement> mine = all.stream()
                .filter(m -> m.client().equals(client) && m.workload().equals(workload) && m.server().equals(server))
                .toList();
        List<Measurement> ok = mine.stream().filter(Measurement::ok).toList();
        List<Measurement> quiet = ok.stream().filter(m -> m.otherCpuPercent() <= maxOther).toList();
        List<Measurement> used = quiet.isEmpty() ? ok : quiet;
        return new SummaryRow(client, workload, server, mine.size(), used.size(), ok.size() - quiet.size(),
                Stats.median(used, Measurement::rps), Stats.min(used, Measurement::rps),
                Stats.max(used, Measurement::rps), Stats.median(used, Measurement::p50Micros),
                Stats.median(used, Measurement::p99Micros), Stats.median(used, Measurement::p999Micros),
                Stats.median(used, Measurement::cpuMicrosPerRequest), Stats.median(used, Measurement::syscallsPerRequest),
                Stats.median(used, Measurement::serverCpuPercent),
                Stats.median(used, Measurement::serverUserPercent),
                Stats.median(used, m -> m.rssBytes() / 1048576.0),
                mine.stream().mapToLong(Measurement::errors).sum(), Map.of());
    }

    private SummaryRow withRatios(List<SummaryRow> group, List<String> baselines) {
        Map<String, Double> r = new LinkedHashMap<>();
        for (String b : baselines) {
            group.stream().filter(g -> g.server().equals(b) && g.rps() > 0).findFirst()
                    .ifPresent(base -> r.put(b, rps / base.rps()));
        }
        return new SummaryRow(client, workload, server, rounds, used, noisy, rps, rpsMin, rpsMax, p50Micros,
                p99Micros, p999Micros, cpuMicrosPerRequest, syscallsPerRequest, serverCpuPercent, serverUserPercent,
                rssMiB, errors, r);
    }
}
