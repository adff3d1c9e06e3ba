package io.jswoole.bench;

import io.jswoole.bench.load.LoadCommand;
import io.jswoole.bench.netty.NettyEchoServer;
import io.jswoole.bench.netty.NettyTransport;
import io.jswoole.bench.proc.ProcFs;
import io.jswoole.bench.proto.HttpCommand;
import io.jswoole.bench.proto.KvCommand;
import io.jswoole.bench.run.ChartWriter;
import io.jswoole.bench.run.CsvWriter;
import io.jswoole.bench.run.Environment;
import io.jswoole.bench.run.ExternalLoadClient;
import io.jswoole.bench.run.ExternalServer;
import io.jswoole.bench.run.Installation;
import io.jswoole.bench.run.JavaLoadClient;
import io.jswoole.bench.run.JswooleServer;
import io.jswoole.bench.run.Launcher;
import io.jswoole.bench.run.LoadClient;
import io.jswoole.bench.run.Measurement;
import io.jswoole.bench.run.NettyServer;
import io.jswoole.bench.run.RunPlan;
import io.jswoole.bench.run.Runner;
import io.jswoole.bench.run.ServerSpec;
import io.jswoole.bench.run.SummaryRow;
import io.jswoole.bench.run.TableFormatter;
import io.jswoole.bench.run.Workload;
import io.jswoole.bench.startup.StartupCommand;
import io.jswoole.bench.tasks.TasksCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: compares jswoole configurations with Netty (and any external echo server) on
 * the same machine in the same run, and writes a table, CSV and a chart. The subcommands run the
 * load generator and the Netty echo server on their own, time worker start-up and task round trips,
 * and compare the HTTP and Redis-protocol examples with established servers of those protocols.
 */
@Command(name = "jswoole bench", sortOptions = false,
        subcommands = {LoadCommand.class, NettyEchoServer.class, StartupCommand.class, TasksCommand.class,
            HttpCommand.class, KvCommand.class},
        description = {
            "Starts real echo servers - jswoole configurations, Netty on NIO and epoll, and any external "
                    + "server - and runs the same load against each, round by round, each server fresh and "
                    + "warmed up every round. Prints throughput (median of the rounds and its spread), latency "
                    + "percentiles, CPU per request and RSS of all the server's processes, with ratios to a "
                    + "baseline; writes CSV files and a PNG chart.",
            "",
            "Workloads: closed64 (64 B, 100 connections, closed loop), pipelined64 (64 B, 100 connections, "
                    + "16 in flight), closed16k (16 KiB, 50 connections, closed loop).",
            ""})
public final class BenchMain implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    @Option(names = "--workload", paramLabel = "LIST", split = ",",
            description = "Preset workloads, comma-separated (default: closed64,pipelined64,closed16k).")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--connections", paramLabel = "N", description = "A custom workload: connections (default 100).")
    Integer connections;

    @Option(names = "--size", paramLabel = "BYTES", description = "A custom workload: message size (default 64).")
    Integer size;

    @Option(names = "--depth", paramLabel = "D",
            description = "A custom workload: messages in flight per connection (default 1).")
    Integer depth;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Rounds; every server is measured once per round (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "3",
            description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "1",
            description = "Unrecorded seconds before each run (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--server-warmup", paramLabel = "SECONDS", defaultValue = "2",
            description = "Seconds of pipelined load (depth 4) on each fresh server before its runs; 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    double serverWarmup;

    @Option(names = "--server-warmup-connections", paramLabel = "N", defaultValue = "2000",
            description = "Connections each fresh server accepts before its warm-up load, opened and closed 100 at a"
                    + " time, so that its accept path is warmed up as in a server in service; 0 for none"
                    + " (default: ${DEFAULT-VALUE}).")
    int serverWarmupConnections;

    @Option(names = "--jswoole", paramLabel = "SETTINGS",
            description = "A jswoole configuration as Swoole settings, e.g. \"mode=base,reactor=nio,worker_num=1\"; "
                    + "repeatable; name=... sets its name; 'none' for no jswoole server "
                    + "(default: mode=base with worker_num 1 and 2, reactor nio, and epoll when available).")
    List<String> jswoole = new ArrayList<>();

    @Option(names = "--netty", paramLabel = "SPEC",
            description = "A Netty echo server, e.g. \"transport=epoll,threads=1\"; repeatable; 'none' for no Netty "
                    + "server (default: nio and epoll, one thread each).")
    List<String> netty = new ArrayList<>();

    @Option(names = "--external", paramLabel = "NAME=COMMAND",
            description = "Another echo server: a command with {port} in it, e.g. "
                    + "\"c-echo=/path/to/echo -p {port}\"; repeatable.")
    List<String> external = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "NAME",
            description = "A server to give ratios to; repeatable; the first is charted (default: netty-epoll).")
    List<String> baselines = new ArrayList<>();

    @Option(names = "--client", paramLabel = "java|NAME=PATH",
            description = "The load generator: java (this module's), or a program taking the C load generator's "
                    + "options; repeatable to compare clients (default: java).")
    List<String> clients = new ArrayList<>();

    @Option(names = "--loadgen-threads", paramLabel = "N", defaultValue = "1",
            description = "Load generator threads (default: ${DEFAULT-VALUE}).")
    int loadgenThreads;

    @Option(names = "--verify", paramLabel = "0|1|2", defaultValue = "2",
            description = "Echo check: 0 none, 1 first and last 16 bytes of every read, 2 every byte "
                    + "(default: ${DEFAULT-VALUE}).")
    int verify;

    @Option(names = "--pin-cpu", paramLabel = "CPU", defaultValue = "1",
            description = "Pin the load generator to this CPU with taskset; -1 not to pin (default: ${DEFAULT-VALUE}).")
    int pinCpu;

    @Option(names = "--server-jvm-opts", paramLabel = "OPTS", defaultValue = "",
            description = "JVM options for the jswoole and Netty servers, space-separated; for jswoole they replace "
                    + "bin/jswoole's defaults (JSWOOLE_JAVA_OPTS).")
    String serverJvmOpts;

    @Option(names = "--launcher-lib", paramLabel = "DIR",
            description = "Start jswoole with java -cp DIR/* instead of this project's bin/jswoole.")
    Path launcherLib;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where results go (default: bench/target/bench-results/<timestamp>).")
    Path output;

    @Option(names = "--max-other-cpu", paramLabel = "PERCENT", defaultValue = "10",
            description = "A run counts as noisy when other processes use more than this percent of a core "
                    + "(default: ${DEFAULT-VALUE}).")
    double maxOtherCpu;

    @Option(names = "--noisy-retries", paramLabel = "N", defaultValue = "1",
            description = "Times a noisy run is run again (default: ${DEFAULT-VALUE}).")
    int noisyRetries;

    @Option(names = "--quiet-wait", paramLabel = "SECONDS", defaultValue = "20",
            description = "Seconds to wait, before each run, for other processes to quieten down "
                    + "(default: ${DEFAULT-VALUE}).")
    int quietWait;

    @Option(names = "--server-start-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds a server may take to listen (default: ${DEFAULT-VALUE}).")
    int serverStartTimeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream out = System.out;
        if (!ProcFs.available()) {
            System.err.println("bench: /proc is needed to measure the servers' CPU time and memory");
            return 1;
        }
        RunPlan plan = plan(out);
        Files.createDirectories(plan.outputDir());
        String env = Environment.describe();
        out.println("bench: " + env);
        out.println("output: " + plan.outputDir());
        for (ServerSpec s : plan.servers()) {
            out.println("  server " + s.name() + ": " + s.describe());
        }
        out.printf(Locale.ROOT, "%d round(s) x %d server(s) x %d workload(s), about %.0f s%n", plan.rounds(),
                plan.servers().size(), plan.workloads().size(), plan.estimatedSeconds());
        long started = System.nanoTime();
        List<Measurement> measurements = new Runner(plan, out).run();
        List<SummaryRow> rows = SummaryRow.of(measurements, plan);
        String table = TableFormatter.format(rows, plan);
        out.println();
        out.print(table);
        Path dir = plan.outputDir();
        Files.writeString(dir.resolve("table.md"), env + "\n\n" + table, StandardCharsets.UTF_8);
        CsvWriter.measurements(measurements, dir.resolve("measurements.csv"));
        CsvWriter.summary(rows, plan.baselines(), dir.resolve("summary.csv"));
        ChartWriter.write(rows, plan, dir.resolve("chart.png"));
        out.println();
        out.printf(Locale.ROOT, "took %.0f s; wrote %s, summary.csv, measurements.csv, chart.png and logs/%n",
                (System.nanoTime() - started) / 1e9, dir.resolve("table.md"));
        return measurements.stream().allMatch(Measurement::ok) ? 0 : 2;
    }

    private RunPlan plan(PrintStream out) {
        List<String> jvmOpts = serverJvmOpts.isBlank() ? List.of() : Arrays.asList(serverJvmOpts.trim().split("\\s+"));
        Path java = Installation.java();
        String cp = Installation.classPath();
        List<ServerSpec> servers = new ArrayList<>();
        servers.addAll(jswooleServers(java, jvmOpts, out));
        servers.addAll(nettyServers(java, cp, jvmOpts, out));
        external.forEach(e -> servers.add(ExternalServer.parse(e)));
        List<String> pinning = Installation.pinning(pinCpu);
        if (pinCpu >= 0 && pinning.isEmpty()) {
            out.println("note: the load generator is not pinned (no taskset, or CPU " + pinCpu + " does not exist)");
        }
        List<LoadClient> loadClients = new ArrayList<>();
        for (String c : clients.isEmpty() ? List.of("java") : clients) {
            loadClients.add(c.equals("java") ? new JavaLoadClient(java, cp, loadgenThreads, verify, pinning)
                    : ExternalLoadClient.parse(c, loadgenThreads, verify, pinning));
        }
        List<String> base = baselines.isEmpty() ? List.of("netty-epoll") : baselines;
        for (String b : base) {
            if (servers.stream().noneMatch(s -> s.name().equals(b))) {
                out.println("note: baseline " + b + " is not among the servers; its ratio column stays empty");
            }
        }
        Path dir = output != null ? output : defaultOutput();
        return new RunPlan(servers, workloads(), loadClients, rounds, warmup, duration, serverWarmup,
                serverWarmupConnections, base,
                maxOtherCpu, noisyRetries, Duration.ofSeconds(quietWait), Duration.ofSeconds(serverStartTimeout), dir);
    }

    private List<Workload> workloads() {
        boolean custom = connections != null || size != null || depth != null;
        List<Workload> list = new ArrayList<>(workloads.isEmpty() && custom ? List.of()
                : Workload.parse(workloads.isEmpty() ? List.copyOf(Workload.PRESETS.keySet()) : workloads));
        if (custom) {
            list.add(Workload.custom(connections != null ? connections : 100, size != null ? size : 64,
                    depth != null ? depth : 1));
        }
        return list;
    }

    private List<ServerSpec> jswooleServers(Path java, List<String> jvmOpts, PrintStream out) {
        if (jswoole.equals(List.of("none"))) {
            return List.of();
        }
        Path lib = launcherLib != null ? launcherLib : Installation.launcherLib().orElseThrow(() ->
                new CommandLine.ParameterException(new CommandLine(this),
                        "the launcher is not built (launcher/target/lib): run 'mvn install' in the project first, "
                                + "give --launcher-lib, or --jswoole none"));
        // As users run it: bin/jswoole, unless a launcher directory was named.
        Launcher launcher = launcherLib == null && Installation.script().isPresent()
                ? Launcher.script(Installation.script().get(), jvmOpts) : Launcher.classPath(java, lib, jvmOpts);
        List<String> specs = new ArrayList<>(jswoole);
        if (specs.isEmpty()) {
            List<String> reactors = new ArrayList<>(List.of("nio"));
            if (Installation.jswooleEpollAvailable(lib)) {
                reactors.add("epoll");
            } else {
                out.println("note: no available epoll Reactor provider ('jswoole providers'); "
                        + "measuring reactor=nio only");
            }
            for (String r : reactors) {
                specs.add("mode=base,reactor=" + r + ",worker_num=1");
                specs.add("mode=base,reactor=" + r + ",worker_num=2");
            }
        }
        return specs.stream().map(s -> (ServerSpec) JswooleServer.parse(s, launcher)).toList();
    }

    private List<ServerSpec> nettyServers(Path java, String cp, List<String> jvmOpts, PrintStream out) {
        if (netty.equals(List.of("none"))) {
            return List.of();
        }
        List<String> specs = new ArrayList<>(netty);
        if (specs.isEmpty()) {
            specs.add("transport=nio");
            String cause = NettyTransport.EPOLL.unavailabilityCause();
            if (cause == null) {
                specs.add("transport=epoll");
            } else {
                out.println("note: Netty's epoll transport is not available here: " + cause);
            }
        }
        return specs.stream().map(s -> (ServerSpec) NettyServer.parse(s, java, cp, jvmOpts)).toList();
    }

    private static Path defaultOutput() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path results = Installation.projectRoot().map(r -> r.resolve("bench/target/bench-results"))
                .orElse(Path.of("bench-results"));
        return results.resolve(stamp);
    }

    /**
     * Runs {@code bench [options]}, {@code bench load ...}, {@code bench netty-echo ...},
     * {@code bench startup ...}, {@code bench tasks ...}, {@code bench http ...} or {@code bench kv ...}.
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
