package io.jswoole.bench.proto;

import io.jswoole.bench.proc.TreeSample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code redis-benchmark -t set,get --csv}, once per pipeline depth, after an unrecorded warm-up
 * run; the server's CPU time is sampled around each run and divided by its SET and GET requests.
 * A run at depth P sends P times the requests of one without pipelining, and so does the warm-up
 * at the deepest depth, so that each lasts about as long as the others.
 */
public final class RedisBenchmarkLoad implements ProtoLoad {
    private static final List<String> TESTS = List.of("SET", "GET");

    private final Path redisBenchmark;
    private final int clients;
    private final int requests;
    private final List<Integer> pipelines;
    private final int warmupRequests;
    private final Duration timeout;

    /** {@code timeout}: how long one redis-benchmark run may take. */
    public RedisBenchmarkLoad(Path redisBenchmark, int clients, int requests, List<Integer> pipelines,
                              int warmupRequests, Duration timeout) {
        this.redisBenchmark = redisBenchmark;
        this.clients = clients;
        this.requests = requests;
        this.pipelines = List.copyOf(pipelines);
        this.warmupRequests = warmupRequests;
        this.timeout = timeout;
    }

    @Override
    public List<String> workloads() {
        List<String> names = new ArrayList<>();
        for (int p : pipelines) {
            TESTS.forEach(t -> names.add(name(t, p)));
        }
        return names;
    }

    private static String name(String test, int pipeline) {
        return test + " -P " + pipeline;
    }

    @Override
    public String describe() {
        return "redis-benchmark -h 127.0.0.1 -p PORT -t set,get -c " + clients + " -n " + requests + "*P -P P --csv"
                + " for P in " + pipelines.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + (warmupRequests > 0 ? ", after a warm-up run of " + warmupRequests + "*" + deepest()
                        + " requests per test at -P " + deepest() : "");
    }

    private int deepest() {
        return pipelines.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    List<String> command(int port, int n, int pipeline) {
        return List.of(redisBenchmark.toString(), "-h", ServerSession.HOST, "-p", Integer.toString(port), "-t",
                "set,get", "-c", Integer.toString(clients), "-n", Integer.toString(n), "-P", Integer.toString(pipeline),
                "--csv");
    }

    @Override
    public List<RunResult> run(String server, int round, ServerSession session, LoadTool tool, Path logs,
                               String prefix) throws IOException, InterruptedException {
        if (warmupRequests > 0) {
            tool.run("redis-benchmark", command(session.port(), warmupRequests * deepest(), deepest()),
                    logs.resolve(prefix + "-warmup.redis-benchmark.log"), timeout);
        }
        List<RunResult> results = new ArrayList<>();
        for (int p : pipelines) {
            TreeSample before = session.sample();
            String output = tool.run("redis-benchmark", command(session.port(), requests * p, p),
                    logs.resolve(prefix + "-P" + p + ".redis-benchmark.log"), timeout);
            TreeSample after = session.sample();
            Map<String, RedisBenchmarkCsv.Row> rows = RedisBenchmarkCsv.parse(output);
            double cpu = (after.cpuSeconds() - before.cpuSeconds()) * 1e6 / ((double) requests * p * TESTS.size());
            for (String t : TESTS) {
                RedisBenchmarkCsv.Row row = rows.get(t);
                results.add(!session.isAlive() ? RunResult.failed(server, name(t, p), round, "the server exited")
                        : row == null ? RunResult.failed(server, name(t, p), round, "no " + t + " row in the output")
                        : new RunResult(server, name(t, p), round, row.requestsPerSecond(), row.p50Micros(),
                                row.p99Micros(), cpu, after.rssBytes(), null));
            }
        }
        return results;
    }
}
