package io.jswoole.bench.run;

import io.jswoole.bench.proc.Child;
import io.jswoole.bench.proc.Children;
import io.jswoole.bench.proc.Ports;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a {@link RunPlan}: round by round, every server in turn (the order rotates each round), is
 * started fresh, warmed up, measured under every workload and stopped. Servers are interleaved
 * so that a slow minute of the machine does not fall on one server only.
 */
public final class Runner {
    private static final String HOST = "127.0.0.1";

    private final RunPlan plan;
    private final PrintStream out;

    public Runner(RunPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    /** Runs the plan and returns every measurement; every process it started is stopped when it returns. */
    public List<Measurement> run() throws IOException, InterruptedException {
        Path logs = Files.createDirectories(plan.outputDir().resolve("logs"));
        List<Measurement> all = new ArrayList<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-timer");
            t.setDaemon(true);
            return t;
        });
        try (Children children = new Children(Duration.ofSeconds(10))) {
            LoadRun loadRun = new LoadRun(children, timer);
            QuietGate gate = new QuietGate(plan.maxOtherCpuPercent(), plan.quietWait());
            for (int round = 1; round <= plan.rounds(); round++) {
                List<ServerSpec> order = new ArrayList<>(plan.servers());
                Collections.rotate(order, -(round - 1));
                for (ServerSpec server : order) {
                    all.addAll(runServer(children, loadRun, gate, server, round, logs));
                }
            }
        } finally {
            timer.shutdownNow();
        }
        return all;
    }

    private List<Measurement> runServer(Children children, LoadRun loadRun, QuietGate gate, ServerSpec server,
                                        int round, Path logs) throws IOException, InterruptedException {
        List<Measurement> results = new ArrayList<>();
        int port = Ports.free(HOST);
        String base = server.name() + "-r" + round;
        Child child = children.start(server.name(), server.command(port), server.environment(),
                logs.resolve(base + ".server.log"), false);
        try {
            try {
                Ports.awaitListening(HOST, port, child, plan.serverStartTimeout());
                Ports.awaitSettled(child, plan.serverStartTimeout());
            } catch (IOException e) {
                out.println("  " + server.name() + " round " + round + ": " + e.getMessage());
                for (Workload w : plan.workloads()) {
                    for (LoadClient c : plan.clients()) {
                        results.add(Measurement.failed(round, server.name(), w.name(), c.name(), "did not start"));
                    }
                }
                return results;
            }
            Path clientLog = logs.resolve(base + ".load.log");
            for (int batch = 0; batch < plan.connectionWarmupBatches(); batch++) {
                Measurement warm = loadRun.run(plan.clients().get(0), child, server.name(), RunPlan.CONNECTION_WARMUP,
                        port, 0, 0, RunPlan.CONNECTION_WARMUP_SECONDS, clientLog);
                if (!warm.ok() && !child.isAlive()) {
                    out.println("  " + server.name() + " round " + round + ": connection warm-up failed: " + warm.note());
                    break;
                }
            }
            if (plan.serverWarmupSeconds() > 0) {
                gate.await(child.pid());
                Measurement warm = loadRun.run(plan.clients().get(0), child, server.name(), RunPlan.SERVER_WARMUP, port,
                        0, 0, plan.serverWarmupSeconds(), clientLog);
                if (!warm.ok()) {
                    out.println("  " + server.name() + " round " + round + ": warm-up failed: " + warm.note());
                }
            }
            for (Workload w : plan.workloads()) {
                for (LoadClient c : plan.clients()) {
                    results.add(measure(loadRun, gate, c, child, server, w, port, round, clientLog));
                }
            }
        } finally {
            int status = children.stop(child);
            if (status != 0 && status != 143 && status != -1) {
                out.println("  " + server.name() + " round " + round + " exited with status " + status);
            }
        }
        return results;
    }

    /** One measurement, run again while it is noisy and retries are left. */
    private Measurement measure(LoadRun loadRun, QuietGate gate, LoadClient client, Child child, ServerSpec server,
                                Workload w, int port, int round, Path log) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            gate.await(child.pid());
            Measurement m = loadRun.run(client, child, server.name(), w, port, round, plan.warmupSeconds(),
                    plan.durationSeconds(), log);
            boolean again = m.ok() && m.otherCpuPercent() > plan.maxOtherCpuPercent() && attempt < plan.noisyRetries()
                    && child.isAlive();
            out.println(progress(m) + (again ? "  (noisy: again)" : ""));
            if (!again) {
                return m;
            }
        }
    }

    private static String progress(Measurement m) {
        if (!m.ok()) {
            return String.format(Locale.ROOT, "  r%d %-24s %-12s %-5s FAILED: %s", m.round(), m.server(),
                    m.workload(), m.client(), m.note());
        }
        return String.format(Locale.ROOT, "  r%d %-24s %-12s %-5s %,12.0f req/s  p99 %8.1f us  cpu %5.2f us/req"
                        + " (%2.0f%% user)  rss %4d MiB  other cpu %3.0f%%%s", m.round(), m.server(), m.workload(),
                m.client(), m.rps(), m.p99Micros(), m.cpuMicrosPerRequest(), m.serverUserPercent(), m.rssBytes() >> 20,
                m.otherCpuPercent(),
                m.errors() > 0 ? "  errors " + m.errors() : "");
    }
}
