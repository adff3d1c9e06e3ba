package io.jswoole.bench.proto;

import io.jswoole.bench.proc.Child;
import io.jswoole.bench.proc.Children;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a load client ({@code wrk}, {@code redis-benchmark}) to its end, pinned to a CPU when
 * asked, with its output in a log file; one that outlives its deadline is stopped.
 */
public final class LoadTool {
    private final Children children;
    private final List<String> pinning;

    /** {@code pinning}: the {@code taskset -c CPU} prefix, or empty. */
    public LoadTool(Children children, List<String> pinning) {
        this.children = children;
        this.pinning = List.copyOf(pinning);
    }

    /**
     * Runs {@code command} and returns what it printed.
     *
     * @throws IOException if it cannot start, exits with a non-zero status, or runs past {@code timeout}
     */
    public String run(String name, List<String> command, Path log, Duration timeout)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(pinning);
        cmd.addAll(command);
        Files.writeString(log, "");
        Child child = children.start(name, cmd, log, false);
        long started = System.nanoTime();
        int status = children.await(child, timeout);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (status != 0) {
            boolean late = System.nanoTime() - started >= timeout.toNanos();
            throw new IOException(name + (late ? " did not finish within " + timeout.toSeconds() + " s"
                    : " exited with status " + status) + ": " + tail(output));
        }
        return output;
    }

    private static String tail(String output) {
        String t = output.strip();
        return t.length() <= 300 ? t : "..." + t.substring(t.length() - 300);
    }
}
