package io.jswoole.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Reads a process's CPU time and resident memory, and the machine's CPU time, from Linux's /proc. */
public final class ProcFs {
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcFs() {
    }

    /** Whether /proc can be read here. */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /**
     * User plus system CPU time of process {@code pid} and of its children it has waited for, in
     * seconds, or -1 if the process is gone.
     */
    public static double cpuSeconds(long pid) {
        double[] t = cpuTimes(pid);
        return t == null ? -1 : t[0] + t[1];
    }

    /**
     * User and system CPU time of process {@code pid} (all its threads) and of its children it
     * has waited for, in seconds: {@code {user, system}}, or {@code null} if the process is gone.
     */
    public static double[] cpuTimes(long pid) {
        String[] f = statFields(pid);
        if (f == null) {
            return null;
        }
        // After the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14).
        long user = Long.parseLong(f[11]) + Long.parseLong(f[13]);
        long system = Long.parseLong(f[12]) + Long.parseLong(f[14]);
        return new double[] {(double) user / TICKS_PER_SECOND, (double) system / TICKS_PER_SECOND};
    }

    /** The resident set size of process {@code pid} in bytes (VmRSS), or 0 if the process is gone. */
    public static long rssBytes(long pid) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return 0;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String kib = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
                return Long.parseLong(kib) * 1024;
            }
        }
        return 0;
    }

    /** CPU seconds the whole machine spent in user, nice and system mode, all CPUs together. */
    public static double machineBusySeconds() {
        String stat = read(Path.of("/proc/stat"));
        if (stat == null || !stat.startsWith("cpu ")) {
            return 0;
        }
        String[] f = stat.substring(0, stat.indexOf('\n')).trim().split("\\s+");
        long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]);
        return (double) ticks / TICKS_PER_SECOND;
    }

    /** The fields of /proc/PID/stat after the command name, which may itself hold spaces. */
    private static String[] statFields(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return null;
        }
        int close = stat.lastIndexOf(')');
        return stat.substring(close + 2).trim().split("\\s+");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out);
            }
            p.destroyForcibly().waitFor();
        } catch (IOException | NumberFormatException e) {
            // Linux's USER_HZ below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
