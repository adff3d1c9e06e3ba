package io.jswoole.bench.proto;

import io.jswoole.bench.proc.ProcFs;
import io.jswoole.bench.run.Environment;
import io.jswoole.bench.run.Installation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code bench http} and {@code bench kv} have in common once their servers and load are
 * known: skipping the servers that cannot run here, choosing the baseline, running the rounds,
 * and printing and writing the table.
 */
final class ProtoBench {
    private ProtoBench() {
    }

    /**
     * Runs the bench; returns the exit status: 0, 1 when nothing can run, 2 when a run failed.
     *
     * @param baselines the default baselines in order of preference, the first that runs is chosen
     * @param serverCpus the CPUs the servers run on without {@code --server-cpus} (see {@link ProtoOptions})
     */
    static int run(String command, List<ProtoServer> servers, ProtoLoad load, ProtoOptions options,
                   List<String> baselines, String serverCpus, PrintStream out) throws IOException, InterruptedException {
        if (!ProcFs.available()) {
            System.err.println("bench " + command + ": /proc is needed to measure the servers' CPU time and memory");
            return 1;
        }
        if (options.rounds < 1) {
            System.err.println("bench " + command + ": --rounds must be at least 1");
            return 1;
        }
        if (options.serverCpus != null && !ProtoOptions.validServerCpus(options.serverCpus)) {
            System.err.println("bench " + command + ": --server-cpus must be all, other or a CPU list such as 0 or 0-2,4"
                    + " (got '" + options.serverCpus + "')");
            return 1;
        }
        List<String> confined = options.serverPinning(serverCpus);
        List<ProtoServer> runnable = new ArrayList<>();
        for (ProtoServer s : servers) {
            if (s.missing().isPresent()) {
                out.println("skipped " + s.name() + ": " + s.missing().get());
            } else {
                runnable.add(s.prefixed(confined));
            }
        }
        if (runnable.isEmpty()) {
            System.err.println("bench " + command + ": none of the servers can run here");
            return 1;
        }
        List<String> names = runnable.stream().map(ProtoServer::name).toList();
        String baseline = options.baseline != null ? options.baseline
                : baselines.stream().filter(names::contains).findFirst().orElse(null);
        if (baseline != null && !names.contains(baseline)) {
            out.println("note: baseline " + baseline + " is not among the servers that run; no ratios");
            baseline = null;
        }
        List<String> pinning = Installation.pinning(options.pinCpu);
        if (options.pinCpu >= 0 && pinning.isEmpty()) {
            out.println("note: the load client is not pinned (no taskset, or CPU " + options.pinCpu + " does not exist)");
        }
        Path dir = options.outputDir(command);
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        StringBuilder header = new StringBuilder(Environment.describe()).append("\n\n");
        header.append("load: ").append(pinning.isEmpty() ? "" : String.join(" ", pinning) + " ")
                .append(load.describe()).append("; ").append(options.rounds).append(" round(s), each server fresh\n");
        runnable.forEach(s -> header.append("server ").append(s.name()).append(": ").append(s.describe()).append('\n'));
        header.append("servers on: ").append(confined.isEmpty() ? "every CPU" : String.join(" ", confined)).append('\n');
        out.print("bench " + command + ": " + header);
        out.println("output: " + dir);
        List<RunResult> results = new ProtoRunner(runnable, load, options.rounds,
                Duration.ofSeconds(options.serverStartTimeout), pinning, logs, out).run();
        String table = ProtoTable.format(results, load.workloads(), names, baseline, options.rounds);
        out.println();
        out.print(table);
        Files.writeString(dir.resolve("table.md"), header + "\n" + table, StandardCharsets.UTF_8);
        out.println();
        out.println("wrote " + dir.resolve("table.md") + " and logs/");
        return results.stream().allMatch(RunResult::ok) ? 0 : 2;
    }
}
