package io.jswoole.testsuite.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A {@link HostileApp} in a child JVM (master, and workers in process mode), with what the tests
 * ask of it: its ports, its log, and whether every process is still the one started and within its
 * memory bound.
 */
final class HostileServer implements AutoCloseable {
    /**
     * The resident set a JVM of this server (heap at most 96 MiB, direct memory as much) may reach;
     * a process that kept what hostile clients send would pass it or die of an OutOfMemoryError.
     */
    static final long MAX_RSS_KIB = 320 * 1024;
    private static final long START_MILLIS = 30_000;

    private final ServerProcess process;
    private final int[] ports = new int[HostileApp.Kind.values().length];
    private final Set<Long> pids;

    private HostileServer(ServerProcess process, int workers) throws InterruptedException {
        this.process = process;
        for (HostileApp.Kind kind : HostileApp.Kind.values()) {
            if (kind != HostileApp.Kind.UNIX_LENGTH) { // a path, not a port
                ports[kind.ordinal()] = process.port(kind.ordinal());
            }
        }
        if (workers > 0) {
            process.awaitLines(l -> l.contains(" worker#") && l.contains("] INFO ready "), workers, START_MILLIS);
        }
        assertEquals(workers, process.descendants("jswoole.role=worker").size(), "workers started");
        this.pids = pidsNow();
    }

    /**
     * Starts the server in {@code mode} on {@code reactor}, with run directories under {@code runBase}
     * and its Unix stream port at {@code unixPath}.
     */
    static HostileServer start(Path runBase, String mode, String reactor, Path unixPath) throws IOException, InterruptedException {
        ServerProcess p = ServerProcess.start(runBase, HostileApp.class, mode, reactor, unixPath.toString());
        try {
            return new HostileServer(p, mode.equals("process") ? 2 : 0);
        } catch (RuntimeException | Error | InterruptedException e) {
            p.close();
            throw e;
        }
    }

    int port(HostileApp.Kind kind) {
        return ports[kind.ordinal()];
    }

    /** The log lines so far. */
    List<String> lines() {
        return List.copyOf(process.lines());
    }

    /** The lines that match. */
    List<String> lines(Predicate<String> match) {
        return lines().stream().filter(match).toList();
    }

    String awaitLine(Predicate<String> match, long timeoutMillis) throws InterruptedException {
        return process.awaitLine(match, timeoutMillis);
    }

    /** The log lines after the first {@code skip}. */
    List<String> linesAfter(int skip) {
        return process.linesAfter(skip);
    }

    String awaitLineAfter(int skip, Predicate<String> match, long timeoutMillis) throws InterruptedException {
        return process.awaitLineAfter(skip, match, timeoutMillis);
    }

    private Set<Long> pidsNow() {
        Set<Long> now = new TreeSet<>();
        now.add(process.master().pid());
        process.descendants().forEach(h -> now.add(h.pid()));
        return now;
    }

    /** Every process started is alive and none was added (no crash, no respawn), each under {@link #MAX_RSS_KIB}. */
    void assertHealthy() throws IOException {
        assertTrue(process.master().isAlive(), "the master died; output:\n" + String.join("\n", lines()));
        assertEquals(pids, pidsNow(), "a process died or was replaced; output:\n" + String.join("\n", lines()));
        List<String> over = new ArrayList<>();
        for (long pid : pids) {
            long rss = rssKib(pid);
            if (rss > MAX_RSS_KIB) {
                over.add("pid " + pid + ": " + rss + " KiB");
            }
        }
        assertTrue(over.isEmpty(), "resident memory above " + MAX_RSS_KIB + " KiB: " + over);
    }

    /** VmRSS of {@code pid} in KiB (0 if it is gone). */
    static long rssKib(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
