package io.jswoole.bench.proto;

import io.jswoole.bench.proc.TreeSample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code wrk --latency} against {@code GET /}: an unrecorded warm-up run, then the measured run,
 * with the server's CPU time and memory sampled around it.
 */
public final class WrkLoad implements ProtoLoad {
    private final Path wrk;
    private final int threads;
    private final int connections;
    private final int seconds;
    private final int warmupSeconds;

    public WrkLoad(Path wrk, int threads, int connections, int seconds, int warmupSeconds) {
        this.wrk = wrk;
        this.threads = threads;
        this.connections = connections;
        this.seconds = seconds;
        this.warmupSeconds = warmupSeconds;
    }

    @Override
    public List<String> workloads() {
        return List.of("GET /, " + connections + " conn");
    }

    @Override
    public String describe() {
        return "wrk -t" + threads + " -c" + connections + " -d" + seconds + "s --latency http://127.0.0.1:PORT/"
                + (warmupSeconds > 0 ? " after a " + warmupSeconds + " s warm-up run" : "");
    }

    List<String> command(int port, int duration) {
        return List.of(wrk.toString(), "-t" + threads, "-c" + connections, "-d" + duration + "s", "--latency",
                "http://" + ServerSession.HOST + ":" + port + "/");
    }

    @Override
    public List<RunResult> run(String server, int round, ServerSession session, LoadTool tool, Path logs,
                               String prefix) throws IOException, InterruptedException {
        String workload = workloads().get(0);
        if (warmupSeconds > 0) {
            tool.run("wrk", command(session.port(), warmupSeconds), logs.resolve(prefix + "-warmup.wrk.log"),
                    timeout(warmupSeconds));
        }
        TreeSample before = session.sample();
        String output = tool.run("wrk", command(session.port(), seconds), logs.resolve(prefix + ".wrk.log"),
                timeout(seconds));
        TreeSample after = session.sample();
        if (!session.isAlive()) {
            return List.of(RunResult.failed(server, workload, round, "the server exited: " + session.logTail()));
        }
        WrkOutput w = WrkOutput.parse(output);
        if (w.errors() > 0 || w.requests() == 0) {
            return List.of(RunResult.failed(server, workload, round,
                    "wrk counted " + w.errors() + " errors in " + w.requests() + " requests"));
        }
        double cpu = (after.cpuSeconds() - before.cpuSeconds()) * 1e6 / w.requests();
        return List.of(new RunResult(server, workload, round, w.requestsPerSecond(), w.p50Micros(), w.p99Micros(), cpu,
                after.rssBytes(), null));
    }

    private static Duration timeout(int seconds) {
        return Duration.ofSeconds(seconds + 60L);
    }
}
