package io.jswoole.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Counts the system calls a process tree makes for a number of seconds, with Linux
 * {@code perf stat} on the {@code raw_syscalls:sys_enter} tracepoint (every system call of every
 * thread of the processes, attached to their pids, so that the processes run unchanged).
 * Unavailable where {@code perf} is missing or may not read tracepoints.
 */
public final class SyscallCounter {
    private static final String EVENT = "raw_syscalls:sys_enter";
    private static final boolean AVAILABLE = probe();

    private final Process perf;
    private final Path output;
    private final long startNanos = System.nanoTime();

    private SyscallCounter(Process perf, Path output) {
        this.perf = perf;
        this.output = output;
    }

    /** Whether {@code perf stat} can count system calls here. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Starts counting the system calls of {@code pid} and its descendants for {@code seconds}; null if unavailable. */
    public static SyscallCounter start(long pid, double seconds) {
        if (!AVAILABLE) {
            return null;
        }
        try {
            Path out = Files.createTempFile("syscalls-", ".csv");
            String pids = TreeSample.pids(pid).stream().map(String::valueOf).collect(Collectors.joining(","));
            Process p = new ProcessBuilder("perf", "stat", "-x,", "-e", EVENT, "-p", pids, "-o", out.toString(),
                    "--", "sleep", String.format(java.util.Locale.ROOT, "%.3f", seconds))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return new SyscallCounter(p, out);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Waits for the count to end; returns the system calls per second over the counted time, or
     * NaN if the count failed.
     */
    public double perSecond() {
        try {
            if (!perf.waitFor(60, TimeUnit.SECONDS)) {
                perf.destroyForcibly();
                return Double.NaN;
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long count = parse(Files.readAllLines(output, StandardCharsets.UTF_8));
            return count < 0 ? Double.NaN : count / seconds;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    /** The count from perf's CSV output ({@code count,unit,event,...}), or -1. */
    static long parse(List<String> lines) {
        for (String l : lines) {
            String[] f = l.split(",");
            if (f.length > 2 && f[2].equals(EVENT)) {
                try {
                    return Long.parseLong(f[0]);
                } catch (NumberFormatException e) {
                    return -1; // "<not counted>"
                }
            }
        }
        return -1;
    }

    private static boolean probe() {
        try {
            Process p = new ProcessBuilder("perf", "stat", "-x,", "-e", EVENT, "--", "true")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && parse(out.lines().toList()) >= 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
