package io.jswoole.bench.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a comparison runs: every server against every workload with every client, for
 * {@code rounds} rounds; each server is started fresh every round and first warmed up: it accepts
 * {@code serverWarmupConnections} connections, opened and closed 100 at a time (the accept path of
 * a server in service is compiled, not interpreted), then serves {@code serverWarmupSeconds} of
 * pipelined load (depth 4, 64 B, 100 connections).
 *
 * <p>A run during which other processes used more than {@code maxOtherCpuPercent} of a core is
 * noisy: it is run again up to {@code noisyRetries} times, and left out of the medians when a
 * quiet run of the same configuration exists. Before every run the runner waits up to
 * {@code quietWait} for the machine to be quiet.
 */
public record RunPlan(List<ServerSpec> servers, List<Workload> workloads, List<LoadClient> clients, int rounds,
                      double warmupSeconds, double durationSeconds, double serverWarmupSeconds, int serverWarmupConnections,
                      List<String> baselines, double maxOtherCpuPercent, int noisyRetries, Duration quietWait,
                      Duration serverStartTimeout, Path outputDir) {

    /** The load that warms a fresh server up, as the targets were measured. */
    public static final Workload SERVER_WARMUP = new Workload("server-warmup", 100, 64, 4);
    /** One batch of the connections that warm a fresh server's accept path up: 100, each for one short run. */
    public static final Workload CONNECTION_WARMUP = new Workload("connection-warmup", 100, 64, 1);
    /** How long each batch of {@link #CONNECTION_WARMUP} stays connected. */
    public static final double CONNECTION_WARMUP_SECONDS = 0.05;

    public RunPlan {
        if (servers.isEmpty() || workloads.isEmpty() || clients.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one server, workload and client");
        }
        if (serverWarmupConnections < 0) {
            throw new IllegalArgumentException("server warm-up connections must be >= 0, not " + serverWarmupConnections);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, not " + rounds);
        }
        if (servers.stream().map(ServerSpec::name).distinct().count() != servers.size()) {
            throw new IllegalArgumentException("two servers have the same name; give one a name=...");
        }
        servers = List.copyOf(servers);
        workloads = List.copyOf(workloads);
        clients = List.copyOf(clients);
        baselines = List.copyOf(baselines);
    }

    /** Seconds the plan takes on a quiet machine, roughly: runs, start-ups and server warm-ups. */
    public double estimatedSeconds() {
        double perRun = warmupSeconds + durationSeconds + 1;
        double perServer = 3 + (serverWarmupSeconds > 0 ? serverWarmupSeconds + 0.7 : 0)
                + connectionWarmupBatches() * (CONNECTION_WARMUP_SECONDS + 0.05);
        return rounds * servers.size() * (perServer + workloads.size() * clients.size() * perRun);
    }

    /** How many batches of 100 connections warm each fresh server's accept path up. */
    public int connectionWarmupBatches() {
        return (serverWarmupConnections + CONNECTION_WARMUP.connections() - 1) / CONNECTION_WARMUP.connections();
    }
}
