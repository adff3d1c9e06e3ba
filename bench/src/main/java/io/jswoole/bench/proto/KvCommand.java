package io.jswoole.bench.proto;

import io.jswoole.bench.run.Programs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench kv}: the jswoole {@code kv} example (RESP2, process mode) beside redis-server,
 * loaded with {@code redis-benchmark -t set,get} without and with pipelining.
 */
@Command(name = "kv", sortOptions = false, description = {
    "Starts, one at a time and fresh every round, the jswoole kv example (bin/jswoole, its defaults) and "
            + "redis-server (no persistence), and runs redis-benchmark -t set,get against each once per --pipeline "
            + "depth after a warm-up run. Prints requests/s (median of the rounds), latency, CPU per request and RSS "
            + "of all the server's processes, with ratios to redis-server, and writes table.md. A server whose "
            + "program is missing is skipped. Every server runs on the same one CPU that is not the load client's "
            + "(--server-cpus other), as many as redis-server's one thread uses."})
public final class KvCommand implements Callable<Integer> {
    static final List<String> SERVERS = List.of("jswoole", "redis");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    @Option(names = "--servers", paramLabel = "LIST", split = ",", defaultValue = "jswoole,redis",
            description = "Servers, comma-separated: jswoole, redis (default: ${DEFAULT-VALUE}).")
    List<String> servers;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "200000",
            description = "Requests per test without pipelining; a test at -P P sends P times as many (redis-benchmark's"
                    + " -n), so that every test runs about as long (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "50",
            description = "redis-benchmark's -c: connections (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--pipeline", paramLabel = "LIST", split = ",", defaultValue = "1,16",
            description = "redis-benchmark's -P values, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> pipelines;

    @Option(names = "--warmup-requests", paramLabel = "N", defaultValue = "100000",
            description = "Requests per test of the unrecorded run on each fresh server, times the deepest -P; 0 for "
                    + "none. A JVM's server runs interpreted until its hot paths are compiled: a short warm-up "
                    + "measures its compiler (default: ${DEFAULT-VALUE}).")
    int warmupRequests;

    @Option(names = "--run-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Seconds one redis-benchmark run may take (default: ${DEFAULT-VALUE}).")
    int runTimeout;

    @Mixin
    ProtoOptions options;

    @Override
    public Integer call() throws Exception {
        Optional<Path> benchmark = ProtoOptions.prepare("kv", servers, SERVERS, "redis-benchmark", "redis-tools");
        if (benchmark.isEmpty()) {
            return 1;
        }
        if (requests < 1 || clients < 1 || warmupRequests < 0 || pipelines.stream().anyMatch(p -> p < 1)) {
            System.err.println("bench kv: --requests, --clients and --pipeline must be at least 1");
            return 1;
        }
        long deepest = pipelines.stream().mapToLong(Integer::longValue).max().orElse(1);
        if (Math.max(requests, warmupRequests) * deepest > Integer.MAX_VALUE) {
            System.err.println("bench kv: --requests and --warmup-requests times the deepest --pipeline must be at most "
                    + Integer.MAX_VALUE + " (redis-benchmark's -n)");
            return 1;
        }
        List<ProtoServer> chosen = new ArrayList<>();
        for (String s : servers) {
            chosen.add(s.equals("jswoole") ? jswoole() : redis());
        }
        RedisBenchmarkLoad load = new RedisBenchmarkLoad(benchmark.get(), clients, requests, pipelines, warmupRequests,
                Duration.ofSeconds(runTimeout));
        return ProtoBench.run("kv", chosen, load, options, List.of("redis"), "other", System.out);
    }

    private static ProtoServer jswoole() {
        return ProtoServer.jswooleExample("kv", "bin/jswoole run --example kv (its defaults: process mode, 4 workers)",
                List.of());
    }

    private static ProtoServer redis() {
        Optional<Path> redis = Programs.find("redis-server");
        if (redis.isEmpty()) {
            return ProtoServer.unavailable("redis", "redis-server is not installed (Debian: apt-get install redis-server)");
        }
        return new ProtoServer("redis", redis.get() + " --save '' --appendonly no (no persistence)", Optional.empty(),
                (port, dir) -> List.of(redis.get().toString(), "--port", Integer.toString(port), "--bind",
                        ServerSession.HOST, "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir",
                        dir.toString()));
    }
}
