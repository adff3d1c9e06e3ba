package io.jswoole.core.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * How long this process has been running. {@link ProcessHandle.Info#startInstant()} counts from
 * the boot time in whole seconds, which makes a young process up to a second older than it is;
 * on Linux the age is read from {@code /proc} in clock ticks instead.
 */
public final class ProcessAge {
    /** Clock ticks per second of {@code /proc/<pid>/stat} start times: 100 on every Linux ABI. */
    private static final double CLOCK_TICKS = 100.0;
    /** The age {@link #anchor()} read, or -1, and the {@link System#nanoTime()} when it read it. */
    private static volatile long anchorAge = -1;
    private static volatile long anchorNanos;

    private ProcessAge() {
    }

    /** Logs that this process is ready (accepting or serving), with its age: the spawn-to-ready time. */
    public static void logReady() {
        io.jswoole.log.Log.info("ready " + millis() + " ms after spawn");
    }

    /** Milliseconds since this process started, or -1 if unknown. */
    public static long millis() {
        try {
            return fromProc();
        } catch (IOException | RuntimeException e) {
            if (anchorAge >= 0) {
                return anchorAge + (System.nanoTime() - anchorNanos) / 1_000_000;
            }
            return ProcessHandle.current().info().startInstant()
                    .map(t -> Duration.between(t, Instant.now()).toMillis()).orElse(-1L);
        }
    }

    /**
     * Reads the age now, so that {@link #millis()} can count on from it once {@code /proc} is out of
     * sight (a worker about to change its root directory).
     */
    public static void anchor() {
        try {
            anchorAge = fromProc();
            anchorNanos = System.nanoTime();
        } catch (IOException | RuntimeException e) {
            anchorAge = -1;
        }
    }

    private static long fromProc() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // fields after the command name (which may hold spaces), which ends with ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double startSeconds = Long.parseLong(f[19]) / CLOCK_TICKS; // field 22: starttime
        String uptime = new String(Files.readAllBytes(Path.of("/proc/uptime"))).split(" ")[0];
        return Math.round((Double.parseDouble(uptime) - startSeconds) * 1000);
    }
}
