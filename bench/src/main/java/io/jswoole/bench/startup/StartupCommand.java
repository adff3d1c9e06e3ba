package io.jswoole.bench.startup;

import io.jswoole.bench.proc.Children;
import io.jswoole.bench.proc.Ports;
import io.jswoole.bench.proc.ProcFs;
import io.jswoole.bench.run.Environment;
import io.jswoole.bench.run.Installation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench startup}: for each configuration (JVM defaults without class-data sharing, then
 * bin/jswoole's defaults) starts the echo example through {@code bin/jswoole} with several
 * workers, kills a worker with SIGKILL {@code --samples} times and times its replacement from
 * spawn to ready, reads the RSS of the idle master, manager and a worker, and prints a markdown
 * table.
 */
@Command(name = "startup", sortOptions = false, description = {
    "Times worker start-up and measures idle memory: starts 'bin/jswoole run --example echo' with "
            + "--worker-num workers, kills a worker with SIGKILL --samples times, and times each replacement "
            + "from its process's start (/proc) to its 'ready N ms after spawn' log line; reads the RSS of the "
            + "idle master, manager and worker 0 from /proc. Configurations: before (JSWOOLE_CDS=0, "
            + "JSWOOLE_JAVA_OPTS=\"\": the JVM's defaults) and after (bin/jswoole's defaults)."})
public final class StartupCommand implements Callable<Integer> {
    private static final String HOST = "127.0.0.1";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "10",
            description = "Workers killed and timed per configuration (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--worker-num", paramLabel = "N", defaultValue = "2",
            description = "worker_num of the server (default: ${DEFAULT-VALUE}).")
    int workerNum;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Another setting for the server, e.g. mode=process; repeatable.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--config", paramLabel = "LIST", split = ",", defaultValue = "before,after",
            description = "Configurations, comma-separated: before, after, and cds or gc for one of after's two "
                    + "changes alone (default: ${DEFAULT-VALUE}).")
    List<String> configs;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds a server may take to start, a worker to be ready, or the server to stop "
                    + "(default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--script", paramLabel = "PATH",
            description = "The bin/jswoole to start the servers with (default: this project's); e.g. a copy of bin/ "
                    + "and launcher/target/lib that builds running meanwhile cannot replace.")
    Path script;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where the servers' logs and table.md go "
                    + "(default: bench/target/bench-results/startup-<timestamp>).")
    Path output;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream out = System.out;
        if (!ProcFs.available()) {
            System.err.println("bench startup: /proc is needed to find the server's processes");
            return 1;
        }
        Optional<Path> launcher = script != null ? Optional.of(script).filter(Files::isExecutable)
                : Installation.script();
        if (launcher.isEmpty()) {
            System.err.println("bench startup: " + (script != null ? script + " is not executable"
                    : "bin/jswoole not found: run the bench from the project's build, or give --script"));
            return 1;
        }
        if (samples < 1 || workerNum < 1) {
            System.err.println("bench startup: --samples and --worker-num must be at least 1");
            return 2;
        }
        List<Configuration> chosen;
        try {
            chosen = configs.stream().map(Configuration::of).toList();
        } catch (IllegalArgumentException e) {
            System.err.println("bench startup: " + e.getMessage());
            return 2;
        }
        Path dir = output != null ? output : defaultOutput();
        Files.createDirectories(dir);
        String env = Environment.describe();
        out.println("bench startup: " + env);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        List<StartupRun.Result> results = new ArrayList<>();
        try (Children children = new Children(timeout)) {
            StartupRun run = new StartupRun(children, timeout, out);
            for (Configuration c : chosen) {
                int port = Ports.free(HOST);
                List<String> command = c.command(launcher.get().toString(), serverArguments(port));
                out.println(c.label() + ": " + String.join(" ", command));
                results.add(run.run(c, command, HOST, port, workerNum, samples, dir.resolve(c.label() + ".log")));
            }
        }
        String table = table(results);
        out.println();
        out.print(table);
        Files.writeString(dir.resolve("table.md"), env + "\n\n" + table, StandardCharsets.UTF_8);
        out.println();
        out.println("wrote " + dir.resolve("table.md") + " and the servers' logs");
        if (results.stream().anyMatch(r -> r.archiveProblem().isPresent())) {
            out.println("A CDS archive was stale (a jar rebuilt after it was made): delete "
                    + "launcher/target/jswoole-*.jsa and run again; bin/jswoole makes a new one.");
            return 3;
        }
        return 0;
    }

    private List<String> serverArguments(int port) {
        List<String> args = new ArrayList<>(List.of("run", "--example", "echo", "--host", HOST,
                "--port", Integer.toString(port), "--set", "worker_num=" + workerNum));
        settings.forEach(s -> args.addAll(List.of("--set", s)));
        return args;
    }

    /** The markdown table, and how far the workers' own ready lines were off. */
    static String table(List<StartupRun.Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| configuration | spawn → ready, ms: median | min | max | RSS MiB: master | manager | worker |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        List<StartupRun.Sample> all = new ArrayList<>();
        for (StartupRun.Result r : results) {
            List<StartupRun.Sample> s = r.samples();
            all.addAll(s);
            ToLongFunction<StartupRun.Sample> ms = StartupRun.Sample::spawnToReadyMillis;
            sb.append(String.format(Locale.ROOT, "| %s (%s%s), %d samples | %.0f | %d | %d | %.0f | %.0f | %.0f |%n",
                    r.configuration().label(), r.configuration().describe(),
                    r.archiveProblem().isPresent() ? "; **the archive was not usable**" : "", s.size(), median(s, ms),
                    s.stream().mapToLong(ms).min().orElse(0), s.stream().mapToLong(ms).max().orElse(0),
                    mib(median(s, x -> x.idle().master())), mib(median(s, x -> x.idle().manager())),
                    mib(median(s, x -> x.idle().worker()))));
        }
        sb.append(String.format(Locale.ROOT, "%nspawn → ready: from the worker process's start (/proc, to 10 ms) to "
                + "the time stamp of its ready line; the N of those lines was %.0f ms more (median). RSS: VmRSS, "
                + "median over the samples, read while the server idled just before each kill (worker: the one "
                + "killed). Other processes used at most %.0f%% of a core just before a kill or from a kill to the "
                + "ready line; %d sample(s) of %d noisy (%.0f%% or more) after %d attempts.%n",
                median(all, x -> x.loggedMillis() - x.spawnToReadyMillis()),
                all.stream().mapToDouble(StartupRun.Sample::otherPercent).max().orElse(0),
                all.stream().filter(StartupRun.Sample::noisy).count(), all.size(), StartupRun.QUIET_PERCENT,
                StartupRun.ATTEMPTS));
        return sb.toString();
    }

    private static double mib(double bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static <T> double median(List<T> items, ToLongFunction<T> value) {
        long[] v = items.stream().mapToLong(value).sorted().toArray();
        if (v.length == 0) {
            return 0;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2.0;
    }

    private static Path defaultOutput() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Installation.projectRoot().map(r -> r.resolve("bench/target/bench-results"))
                .orElse(Path.of("bench-results")).resolve("startup-" + stamp);
    }
}
