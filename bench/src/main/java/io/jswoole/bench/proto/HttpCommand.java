package io.jswoole.bench.proto;

import io.jswoole.bench.run.Programs;
import io.jswoole.bench.run.Installation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench http}: the jswoole {@code http} example beside Swoole's HTTP server and nginx,
 * all answering {@code Hello, World!\n} with keep-alive, loaded with {@code wrk}.
 */
@Command(name = "http", sortOptions = false, description = {
    "Starts, one at a time and fresh every round, the jswoole http example (bin/jswoole, base mode), Swoole's "
            + "HTTP server (with --swoole) and nginx, each with --worker-num workers answering \"Hello, World!\\n\", "
            + "and loads each with wrk after a warm-up run. Prints requests/s (median of the rounds), latency, "
            + "CPU per request and RSS of all the server's processes, with ratios to a baseline (swoole, else "
            + "nginx), and writes table.md. A server whose program is missing is skipped. The servers may use "
            + "every CPU (--server-cpus all)."})
public final class HttpCommand implements Callable<Integer> {
    static final List<String> SERVERS = List.of("jswoole", "swoole", "nginx");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    @Option(names = "--servers", paramLabel = "LIST", split = ",", defaultValue = "jswoole,swoole,nginx",
            description = "Servers, comma-separated: jswoole, swoole, nginx (default: ${DEFAULT-VALUE}).")
    List<String> servers;

    @Option(names = "--swoole", paramLabel = "SO", description = "Swoole's extension (swoole.so), to run Swoole's server.")
    Path swoole;

    @Option(names = "--swoole-script", paramLabel = "PHP",
            description = "Swoole's HTTP server script, taking MODE PORT WORKERS "
                    + "(default: ../shared/swoole/http-server.php beside the project).")
    Path swooleScript;

    @Option(names = "--worker-num", paramLabel = "N", defaultValue = "2",
            description = "Workers of every server (default: ${DEFAULT-VALUE}).")
    int workerNum;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
            description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2",
            description = "Seconds of unrecorded load on each fresh server first; 0 for none (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "64",
            description = "wrk's connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "wrk's threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Mixin
    ProtoOptions options;

    @Override
    public Integer call() throws Exception {
        Optional<Path> wrk = ProtoOptions.prepare("http", servers, SERVERS, "wrk", "wrk");
        if (wrk.isEmpty()) {
            return 1;
        }
        if (duration < 1 || warmup < 0 || workerNum < 1) {
            System.err.println("bench http: --duration and --worker-num must be at least 1, --warmup at least 0");
            return 1;
        }
        List<ProtoServer> chosen = new ArrayList<>();
        for (String s : servers) {
            chosen.add(switch (s) {
                case "jswoole" -> jswoole();
                case "swoole" -> swoole();
                default -> nginx();
            });
        }
        return ProtoBench.run("http", chosen, new WrkLoad(wrk.get(), threads, connections, duration, warmup), options,
                List.of("swoole", "nginx"), "all", System.out);
    }

    private ProtoServer jswoole() {
        String workers = "worker_num=" + workerNum;
        return ProtoServer.jswooleExample("http", "bin/jswoole run --example http --set " + workers + " (base mode)",
                List.of(workers));
    }

    private ProtoServer swoole() {
        if (swoole == null) {
            return ProtoServer.unavailable("swoole", "no --swoole PATH (Swoole's swoole.so) given");
        }
        if (!Files.isRegularFile(swoole)) {
            return ProtoServer.unavailable("swoole", swoole + " does not exist");
        }
        Optional<Path> php = Programs.find("php");
        if (php.isEmpty()) {
            return ProtoServer.unavailable("swoole", "php is not installed");
        }
        Optional<Path> script = swooleScript != null ? Optional.of(swooleScript)
                : Installation.projectRoot().map(r -> r.resolve("../shared/swoole/http-server.php").normalize());
        if (script.isEmpty() || !Files.isRegularFile(script.get())) {
            return ProtoServer.unavailable("swoole", "the server script "
                    + script.map(Path::toString).orElse("../shared/swoole/http-server.php") + " does not exist "
                    + "(--swoole-script)");
        }
        String so = swoole.toAbsolutePath().toString();
        return new ProtoServer("swoole", "php -d extension=" + so + " " + script.get() + " base PORT " + workerNum,
                Optional.empty(), (port, dir) -> List.of(php.get().toString(), "-d", "extension=" + so,
                        script.get().toString(), "base", Integer.toString(port), Integer.toString(workerNum)));
    }

    private ProtoServer nginx() {
        Optional<Path> nginx = Programs.find("nginx");
        if (nginx.isEmpty()) {
            return ProtoServer.unavailable("nginx", "nginx is not installed (Debian: apt-get install nginx-light)");
        }
        return new ProtoServer("nginx", nginx.get() + ", " + workerNum + " worker processes, return 200 "
                + "\"Hello, World!\\n\", keep-alive, no access log", Optional.empty(),
                (port, dir) -> NginxConfig.command(nginx.get(), port, workerNum, dir));
    }
}
