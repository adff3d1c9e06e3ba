package io.jswoole.bench.tasks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench tasks}: for each task IPC, payload size and window, starts a fresh server
 * ({@link TaskRoundTripApp}: one worker, two task workers), lets its worker run tasks for a fixed
 * time, and prints a markdown table of task round trips per second and latency percentiles.
 */
@Command(name = "tasks", sortOptions = false, description = {
    "Task round trips (worker -> task worker -> worker) per second and their latency, for each task_ipc_mode. "
            + "Each run is a fresh server with one worker and two task workers whose onTask returns the task; "
            + "window 1 is a closed loop of taskwait, a larger window keeps that many task() calls in flight."})
public final class TasksCommand implements Callable<Integer> {
    private static final Pattern RESULT = Pattern.compile(
            "RESULT ipc=(\\S+) size=(\\d+) window=(\\d+) tasks=(\\d+) rate=(\\d+) p50=(\\d+) p99=(\\d+) p999=(\\d+) max=(\\d+)");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    @Option(names = "--ipc", split = ",", defaultValue = "1,2,3", paramLabel = "LIST",
            description = "task_ipc_mode values (1, 2, 3 or a Pipe provider's name) (default: ${DEFAULT-VALUE}).")
    List<String> ipcs;

    @Option(names = "--sizes", split = ",", defaultValue = "64,4096", paramLabel = "BYTES",
            description = "Task sizes in bytes (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--window", split = ",", defaultValue = "1,16", paramLabel = "N",
            description = "Tasks in flight: 1 = taskwait closed loop (default: ${DEFAULT-VALUE}).")
    List<Integer> windows;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "SECONDS", description = "Warm-up (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "SECONDS", description = "Measured time (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--external", paramLabel = "NAME=COMMAND", description = {
        "A reference task server run before jswoole for each task_ipc_mode and size, in the same run; its"
                + " figures and jswoole's ratio to them join the table. COMMAND ({ipc} and {size} replaced) prints"
                + " 'taskwait: N round trips/s' and '16-in-flight: N tasks/s', as Swoole's tasks.php does, e.g."
                + " swoole=php -d extension=swoole.so tasks.php {ipc} {size}"})
    String external;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A further setting of every server (repeatable); task_redis_* settings go to the"
                    + " task_ipc_mode=redis servers only, such as task_redis_address=127.0.0.1:6380.")
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ExternalTaskReference reference = external == null ? null : ExternalTaskReference.parse(external);
        List<String> rows = new ArrayList<>();
        for (int size : sizes) {
            for (String ipc : ipcs) {
                ExternalTaskReference.Figures ref = null;
                if (reference != null) {
                    ref = reference.run(ipc, size);
                    if (ref.taskwait().isEmpty() && ref.inFlight16().isEmpty()) {
                        System.out.println(reference.name() + " gave no figures for " + ipc + ", " + size + " B: "
                                + ref.output().strip());
                    }
                }
                for (int window : windows) {
                    String row = row(ipc, size, window, runOne(ipc, size, window), ref);
                    System.out.println(row);
                    rows.add(row);
                }
            }
        }
        System.out.println();
        String refColumns = reference == null ? "" : " " + reference.name() + " round trips/s | × " + reference.name() + " |";
        System.out.println("| task_ipc_mode | size | in flight | round trips/s | p50 µs | p99 µs | p99.9 µs |" + refColumns);
        System.out.println("|---|---|---|---:|---:|---:|---:|" + (reference == null ? "" : "---:|---:|"));
        rows.forEach(System.out::println);
        return rows.stream().anyMatch(r -> r.contains("failed")) ? 1 : 0;
    }

    /** One table row: jswoole's RESULT line, and the reference's figure and jswoole's ratio to it when given. */
    static String row(String ipc, int size, int window, String line, ExternalTaskReference.Figures ref) {
        Matcher m = RESULT.matcher(line == null ? "" : line);
        if (!m.find()) {
            return "| " + label(ipc) + " | " + size + " B | " + window + " | failed: " + line + " | | | |" + (ref == null ? "" : " | |");
        }
        long rate = Long.parseLong(m.group(5));
        String row = String.format(Locale.ROOT, "| %s | %d B | %s | %,d | %,d | %,d | %,d |", label(ipc), size,
                window == 1 ? "taskwait" : window + " × task()", rate, Long.parseLong(m.group(6)),
                Long.parseLong(m.group(7)), Long.parseLong(m.group(8)));
        if (ref != null) {
            java.util.OptionalLong theirs = ref.forWindow(window);
            row += theirs.isPresent() && theirs.getAsLong() > 0
                    ? String.format(Locale.ROOT, " %,d | %.2f |", theirs.getAsLong(), (double) rate / theirs.getAsLong())
                    : " – | – |";
        }
        return row;
    }

    private static String label(String ipc) {
        return switch (ipc) {
            case "1" -> "1 (unixsock)";
            case "2" -> "2 (msgqueue)";
            case "3" -> "3 (msgqueue, shared)";
            default -> ipc;
        };
    }

    /** Runs one server and returns its RESULT line (or what went wrong); reaps its whole tree. */
    private String runOne(String ipc, int size, int window) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmn4m", "-cp", System.getProperty("java.class.path"),
                TaskRoundTripApp.class.getName(), ipc, Integer.toString(size), Integer.toString(window),
                Integer.toString(warmup), Integer.toString(seconds)));
        cmd.addAll(settings);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> {
                StringBuilder tail = new StringBuilder();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    String found = null;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("RESULT") && found == null) {
                            found = line;
                        } else if (found == null) {
                            tail.append(line).append('\n');
                        }
                    }
                    return found != null ? found : "no result; output:\n" + tail;
                } catch (IOException e) {
                    return "reading the server: " + e;
                }
            });
            if (!p.waitFor(warmup + seconds + 60L, TimeUnit.SECONDS)) {
                return "timed out";
            }
            return result.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "no result: " + e;
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
