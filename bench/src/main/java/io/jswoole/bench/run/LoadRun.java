package io.jswoole.bench.run;

import io.jswoole.bench.proc.Child;
import io.jswoole.bench.proc.Children;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a load generator once against a running server and turns its report and the samples of
 * the server's processes into a {@link Measurement}.
 */
final class LoadRun {
    /** How long a client may run past its warm-up and duration before it is stopped. */
    private static final long SLACK_SECONDS = 30;

    private final Children children;
    private final ScheduledExecutorService timer;

    LoadRun(Children children, ScheduledExecutorService timer) {
        this.children = children;
        this.timer = timer;
    }

    /** One run; {@code round} 0 is the server's warm-up. */
    Measurement run(LoadClient client, Child server, String serverName, Workload workload, int port, int round,
                    double warmup, double duration, Path log) throws IOException, InterruptedException {
        String label = serverName + "/" + workload.name() + "/r" + round;
        List<String> command = client.command(workload, port, warmup, duration, label);
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Child c = children.start(client.name() + " " + label, command, log, true);
        WindowSampler sampler = new WindowSampler(server.pid(), c.pid(), duration);
        List<ScheduledFuture<?>> timers = new ArrayList<>();
        if (!client.printsMarkers()) {
            timers.add(timer.schedule(sampler::start, (long) (warmup * 1000), TimeUnit.MILLISECONDS));
        }
        long limit = (long) ((warmup + duration) * 1000) + SLACK_SECONDS * 1000;
        timers.add(timer.schedule(() -> children.stop(c), limit, TimeUnit.MILLISECONDS));
        ResultLine result = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(c.process().getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                if (line.equals("WINDOW start")) {
                    sampler.start();
                } else if (line.equals("WINDOW end") || !client.printsMarkers() && !line.isBlank()) {
                    sampler.end();
                }
                if (ResultLine.matches(line)) {
                    result = ResultLine.parse(line);
                }
            }
        } finally {
            timers.forEach(t -> t.cancel(false));
            Files.write(log, output, StandardOpenOption.APPEND);
        }
        int status = children.await(c, Duration.ofSeconds(10));
        if (result == null || !sampler.complete()) {
            String why = result == null ? "no RESULT line" : "the measurement window was not seen";
            return Measurement.failed(round, serverName, workload.name(), client.name(),
                    why + " (exit status " + status + ", see " + log.getFileName() + ")");
        }
        if (!server.isAlive()) {
            return Measurement.failed(round, serverName, workload.name(), client.name(), "the server exited");
        }
        return measurement(round, serverName, workload, client, result, sampler, status);
    }

    private static Measurement measurement(int round, String server, Workload workload, LoadClient client,
                                           ResultLine r, WindowSampler s, int status) {
        double window = s.windowSeconds();
        double rps = r.number("rps");
        double requests = rps * window;
        double cpu = s.serverCpuSeconds();
        // Fall back on the load generator's own figure (over its whole run) when it exited too soon to be sampled.
        double clientCpu = Double.isNaN(s.clientCpuSeconds()) ? r.number("lg_cpu_pct") / 100 * window
                : s.clientCpuSeconds();
        long errors = (long) r.number("errors");
        boolean ok = rps > 0 && status != 2;
        String note = status == 0 ? "" : "load generator exit status " + status;
        return new Measurement(round, server, workload.name(), client.name(), ok, note, rps, r.number("p50_us"),
                r.number("p99_us"), r.number("p999_us"), r.number("max_us"), errors,
                requests > 0 ? cpu * 1e6 / requests : 0, rps > 0 ? s.serverSyscallsPerSecond() / rps : Double.NaN,
                100 * cpu / window,
                cpu > 0 ? 100 * s.serverUserSeconds() / cpu : 0, s.serverAtEnd().rssBytes(),
                s.serverAtEnd().processes(), 100 * clientCpu / window, 100 * s.otherCpuSeconds(clientCpu) / window);
    }
}
