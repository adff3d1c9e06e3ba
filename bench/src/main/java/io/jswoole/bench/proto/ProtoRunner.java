package io.jswoole.bench.proto;

import io.jswoole.bench.proc.Children;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the rounds: in each, every server in turn (the order rotated by one each round) is started
 * fresh, loaded and stopped with its whole process tree, also when something fails.
 */
public final class ProtoRunner {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final List<ProtoServer> servers;
    private final ProtoLoad load;
    private final int rounds;
    private final Duration startTimeout;
    private final List<String> pinning;
    private final Path logs;
    private final PrintStream out;

    /**
     * @param pinning the {@code taskset -c CPU} prefix for the load client, or empty
     * @param logs    where the servers' and the clients' output goes
     */
    public ProtoRunner(List<ProtoServer> servers, ProtoLoad load, int rounds, Duration startTimeout,
                       List<String> pinning, Path logs, PrintStream out) {
        this.servers = List.copyOf(servers);
        this.load = load;
        this.rounds = rounds;
        this.startTimeout = startTimeout;
        this.pinning = List.copyOf(pinning);
        this.logs = logs;
        this.out = out;
    }

    /** All the runs' results, failed ones included. */
    public List<RunResult> run() throws InterruptedException {
        List<RunResult> results = new ArrayList<>();
        try (Children children = new Children(STOP_GRACE)) {
            LoadTool tool = new LoadTool(children, pinning);
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < servers.size(); i++) {
                    ProtoServer server = servers.get((i + round - 1) % servers.size());
                    String prefix = server.name() + "-r" + round;
                    List<RunResult> got;
                    try (ServerSession session = ServerSession.start(children, server, logs.resolve(prefix + ".log"),
                            startTimeout)) {
                        got = load.run(server.name(), round, session, tool, logs, prefix);
                    } catch (IOException | RuntimeException e) {
                        String why = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
                        int r = round;
                        got = load.workloads().stream().map(w -> RunResult.failed(server.name(), w, r, why)).toList();
                    }
                    got.forEach(this::print);
                    results.addAll(got);
                }
            }
        }
        return results;
    }

    private void print(RunResult r) {
        if (r.ok()) {
            out.printf(Locale.ROOT, "  round %d  %-10s %-14s %,12.0f req/s  p50 %,8.0f µs  p99 %,8.0f µs  "
                            + "CPU %6.2f µs/req  RSS %4.0f MiB%n", r.round(), r.server(), r.workload(), r.rps(),
                    r.p50Micros(), r.p99Micros(), r.cpuMicrosPerRequest(), r.rssBytes() / 1048576.0);
        } else {
            out.printf(Locale.ROOT, "  round %d  %-10s %-14s FAILED: %s%n", r.round(), r.server(), r.workload(),
                    r.error());
        }
    }
}
