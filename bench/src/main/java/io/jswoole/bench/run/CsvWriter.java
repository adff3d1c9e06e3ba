package io.jswoole.bench.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes every measurement, and the summary, as CSV. */
public final class CsvWriter {
    private CsvWriter() {
    }

    /** One row per load run. */
    public static void measurements(List<Measurement> ms, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("round,server,workload,client,ok,rps,p50_us,p99_us,p999_us,max_us,errors,cpu_us_per_req,"
                + "syscalls_per_req,server_cpu_pct,server_user_pct,rss_bytes,server_processes,client_cpu_pct,other_cpu_pct,note");
        for (Measurement m : ms) {
            lines.add(String.format(Locale.ROOT,
                    "%d,%s,%s,%s,%b,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%.3f,%.3f,%.1f,%.1f,%d,%d,%.1f,%.1f,%s",
                    m.round(), quote(m.server()), quote(m.workload()), quote(m.client()), m.ok(), m.rps(),
                    m.p50Micros(), m.p99Micros(), m.p999Micros(), m.maxMicros(), m.errors(), m.cpuMicrosPerRequest(),
                    m.syscallsPerRequest(), m.serverCpuPercent(), m.serverUserPercent(), m.rssBytes(), m.serverProcesses(),
                    m.clientCpuPercent(), m.otherCpuPercent(), quote(m.note())));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** One row per client, workload and server, with a ratio column per baseline. */
    public static void summary(List<SummaryRow> rows, List<String> baselines, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder("client,workload,server,rps_median,rps_min,rps_max,spread_pct");
        baselines.forEach(b -> header.append(",ratio_").append(b));
        header.append(",p50_us,p99_us,p999_us,cpu_us_per_req,syscalls_per_req,server_cpu_pct,server_user_pct,rss_mib,errors,"
                + "rounds_used,rounds,noisy");
        lines.add(header.toString());
        for (SummaryRow r : rows) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%.1f,%.1f,%.1f,%.1f", quote(r.client()), quote(r.workload()),
                    quote(r.server()), r.rps(), r.rpsMin(), r.rpsMax(), r.spreadPercent()));
            for (String b : baselines) {
                Double ratio = r.ratios().get(b);
                sb.append(',').append(ratio == null ? "" : String.format(Locale.ROOT, "%.4f", ratio));
            }
            sb.append(String.format(Locale.ROOT, ",%.1f,%.1f,%.1f,%.3f,%.3f,%.1f,%.1f,%.1f,%d,%d,%d,%d", r.p50Micros(),
                    r.p99Micros(), r.p999Micros(), r.cpuMicrosPerRequest(), r.syscallsPerRequest(), r.serverCpuPercent(),
                    r.serverUserPercent(), r.rssMiB(),
                    r.errors(), r.used(), r.rounds(), r.noisy()));
            lines.add(sb.toString());
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
