package io.jswoole.bench.tasks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task server that is not jswoole, run beside it by {@code bench tasks --external NAME=COMMAND}:
 * COMMAND (split on spaces; {@code {ipc}} and {@code {size}} are replaced by the task_ipc_mode and
 * the task size) runs its own server and prints two figures, as Swoole's {@code tasks.php} does:
 * <pre>
 * ... taskwait: 20193 round trips/s
 * ... 16-in-flight: 156057 tasks/s
 * </pre>
 * Each is matched by the window it belongs to: 1 (taskwait) and 16.
 */
record ExternalTaskReference(String name, String command) {
    private static final Pattern TASKWAIT = Pattern.compile("taskwait: (\\d+) round trips/s");
    private static final Pattern IN_FLIGHT = Pattern.compile("16-in-flight: (\\d+) tasks/s");
    private static final long TIMEOUT_SECONDS = 120;

    /** Parses {@code NAME=COMMAND}. */
    static ExternalTaskReference parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("--external wants NAME=COMMAND, not '" + spec + "'");
        }
        return new ExternalTaskReference(spec.substring(0, eq), spec.substring(eq + 1));
    }

    /** The two figures of one run: round trips per second with taskwait, and with 16 tasks in flight. */
    record Figures(OptionalLong taskwait, OptionalLong inFlight16, String output) {
        /** The figure for a window of the jswoole runs, if the reference has one. */
        OptionalLong forWindow(int window) {
            return window == 1 ? taskwait : window == 16 ? inFlight16 : OptionalLong.empty();
        }

        static Figures of(String output) {
            return new Figures(find(TASKWAIT, output), find(IN_FLIGHT, output), output);
        }

        private static OptionalLong find(Pattern p, String text) {
            Matcher m = p.matcher(text);
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        }
    }

    /** The command line for one task_ipc_mode and size. */
    List<String> commandLine(String ipc, int size) {
        List<String> words = new ArrayList<>();
        for (String w : command.trim().split("\\s+")) {
            words.add(w.replace("{ipc}", ipc).replace("{size}", Integer.toString(size)));
        }
        return words;
    }

    /** Runs the reference for one task_ipc_mode and size; its whole process tree is reaped. */
    Figures run(String ipc, int size) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(commandLine(ipc, size)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "reading its output: " + e;
                }
            });
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return Figures.of("timed out after " + TIMEOUT_SECONDS + " s");
            }
            return Figures.of(output.get(10, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return Figures.of("no output: " + e);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
