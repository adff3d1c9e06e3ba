package io.jswoole.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders the summary as a Markdown table: readable in a terminal and ready for a README. */
public final class TableFormatter {
    private TableFormatter() {
    }

    public static String format(List<SummaryRow> rows, RunPlan plan) {
        boolean manyClients = plan.clients().size() > 1;
        List<String> header = new ArrayList<>();
        if (manyClients) {
            header.add("client");
        }
        header.addAll(List.of("workload", "server", "req/s (median)", "spread"));
        for (String b : plan.baselines()) {
            header.add("x " + b);
        }
        header.addAll(List.of("p50 us", "p99 us", "p99.9 us", "CPU us/req", "syscalls/req", "CPU %", "user %", "RSS MiB", "errors",
                "rounds"));
        List<List<String>> cells = new ArrayList<>();
        cells.add(header);
        for (SummaryRow r : rows) {
            List<String> c = new ArrayList<>();
            if (manyClients) {
                c.add(r.client());
            }
            c.add(r.workload());
            c.add(r.server());
            if (r.used() == 0) {
                c.addAll(List.of("failed", ""));
                plan.baselines().forEach(b -> c.add(""));
                c.addAll(List.of("", "", "", "", "", "", "", "", Long.toString(r.errors()), "0/" + r.rounds()));
            } else {
                c.add(String.format(Locale.ROOT, "%,.0f", r.rps()));
                c.add(String.format(Locale.ROOT, "%.0f%%", r.spreadPercent()));
                for (String b : plan.baselines()) {
                    Double ratio = r.ratios().get(b);
                    c.add(ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio));
                }
                c.add(String.format(Locale.ROOT, "%.0f", r.p50Micros()));
                c.add(String.format(Locale.ROOT, "%.0f", r.p99Micros()));
                c.add(String.format(Locale.ROOT, "%.0f", r.p999Micros()));
                c.add(String.format(Locale.ROOT, "%.2f", r.cpuMicrosPerRequest()));
                c.add(Double.isNaN(r.syscallsPerRequest()) ? "-" : String.format(Locale.ROOT, "%.2f", r.syscallsPerRequest()));
                c.add(String.format(Locale.ROOT, "%.0f", r.serverCpuPercent()));
                c.add(String.format(Locale.ROOT, "%.0f", r.serverUserPercent()));
                c.add(String.format(Locale.ROOT, "%.0f", r.rssMiB()));
                c.add(Long.toString(r.errors()));
                c.add(r.used() + "/" + r.rounds() + (r.noisy() > 0 ? " (" + r.noisy() + " noisy)" : ""));
            }
            cells.add(c);
        }
        return render(cells, manyClients ? 3 : 2);
    }

    /** Renders a Markdown table; the first {@code text} columns are left-aligned, the rest right-aligned. */
    private static String render(List<List<String>> cells, int text) {
        int cols = cells.get(0).size();
        int[] width = new int[cols];
        for (List<String> row : cells) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            sb.append('|');
            for (int i = 0; i < cols; i++) {
                String v = cells.get(r).get(i);
                String fill = " ".repeat(width[i] - v.length());
                sb.append(' ').append(i >= text && r > 0 ? fill + v : v + fill).append(" |");
            }
            sb.append('\n');
            if (r == 0) {
                sb.append('|');
                for (int i = 0; i < cols; i++) {
                    sb.append(i < text ? "-".repeat(width[i] + 2) : "-".repeat(width[i] + 1) + ":").append('|');
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
