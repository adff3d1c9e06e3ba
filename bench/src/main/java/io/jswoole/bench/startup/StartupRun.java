package io.jswoole.bench.startup;

import io.jswoole.bench.proc.Child;
import io.jswoole.bench.proc.Children;
import io.jswoole.bench.proc.Ports;
import io.jswoole.bench.proc.ProcFs;
import io.jswoole.bench.proc.TreeSample;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One configuration of {@code bench startup}: starts the server and waits until every worker is
 * ready and the server is idle; then, {@code samples} times, once the rest of the machine is
 * quiet, reads the RSS of the master, the manager and the oldest worker, kills that worker with
 * SIGKILL and times its replacement from spawn to ready (a sample during which other processes
 * were busy is taken again, up to twice). Finally it stops the server with SIGTERM and waits for
 * all of its processes, whatever happened.
 */
final class StartupRun {
    static final int ATTEMPTS = 3;
    static final double QUIET_PERCENT = 10;
    private static final Duration MIN_WORKER_AGE = Duration.ofSeconds(3);
    private static final Duration QUIET_WAIT = Duration.ofSeconds(20);
    private static final long SELF = ProcessHandle.current().pid();

    /** Resident memory (VmRSS) in bytes of the idle master, manager and a worker. */
    record Rss(long master, long manager, long worker) {
    }

    /**
     * One respawn.
     *
     * @param idle               the RSS just before the kill, {@code worker} being the one killed
     * @param spawnToReadyMillis from the new process's start (/proc) to its ready line's time stamp
     * @param loggedMillis       the N of its {@code ready N ms after spawn} line
     * @param killToReadyMillis  from the SIGKILL to the ready line: the manager's reaction included
     * @param otherPercent       the share of a core other processes used just before the kill or from
     *                           the kill to the ready line, whichever is more
     */
    record Sample(int workerId, long pid, Rss idle, long spawnToReadyMillis, long loggedMillis,
                  long killToReadyMillis, double otherPercent) {

        /** Whether other processes used a tenth of a core or more around it. */
        boolean noisy() {
            return otherPercent >= QUIET_PERCENT;
        }
    }

    /**
     * A configuration's samples.
     *
     * @param archiveProblem why the server's class-data sharing archive could not be used, before or
     *                       after the samples; empty if it could or the server has none
     */
    record Result(Configuration configuration, List<Sample> samples, Optional<String> archiveProblem) {
    }

    private final Children children;
    private final Duration timeout;
    private final PrintStream out;

    StartupRun(Children children, Duration timeout, PrintStream out) {
        this.children = children;
        this.timeout = timeout;
        this.out = out;
    }

    Result run(Configuration config, List<String> command, String host, int port, int workerNum, int samples,
               Path log) throws IOException, InterruptedException {
        Child server = children.start(config.label(), command, log, false);
        try {
            ReadyLog readyLog = new ReadyLog(log);
            Ports.awaitListening(host, port, server, timeout);
            for (int id = 0; id < workerNum; id++) {
                int wanted = id;
                readyLog.await(r -> r.workerId() == wanted, server::isAlive, timeout).orElseThrow(() ->
                        new IOException("worker " + wanted + " did not log 'ready':\n" + server.logTail(20)));
            }
            Ports.awaitSettled(server, timeout);
            long master = server.pid();
            long manager = ServerProcesses.manager(master).orElseThrow(() -> new IOException(
                    "no manager process under the master " + master + " (worker_num=1 in base mode has none)"));
            out.printf(Locale.ROOT, "  master %d, manager %d, workers %s%n", master, manager,
                    ServerProcesses.workers(manager));
            Optional<String> archiveProblem = ArchiveCheck.problem(master);
            List<Sample> list = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                Sample s = respawn(server, manager, readyLog);
                for (int a = 1; a < ATTEMPTS && s.noisy(); a++) {
                    out.printf(Locale.ROOT, "  (noisy: others used %.0f%% of a core; again)%n", s.otherPercent());
                    Ports.awaitSettled(server, timeout);
                    s = respawn(server, manager, readyLog);
                }
                out.printf(Locale.ROOT, "  sample %d: RSS MiB master %.0f, manager %.0f, worker %.0f; new worker %d "
                                + "pid %d: spawn -> ready %d ms (its log line says %d), kill -> ready %d ms; "
                                + "others used %.0f%% of a core%n", i + 1, mib(s.idle().master()),
                        mib(s.idle().manager()), mib(s.idle().worker()), s.workerId(), s.pid(),
                        s.spawnToReadyMillis(), s.loggedMillis(), s.killToReadyMillis(), s.otherPercent());
                list.add(s);
                Ports.awaitSettled(server, timeout);
            }
            if (archiveProblem.isEmpty()) {
                archiveProblem = ArchiveCheck.problem(master);
            }
            archiveProblem.ifPresent(p -> out.println("  WARNING: the CDS archive was not usable: " + p));
            return new Result(config, List.copyOf(list), archiveProblem);
        } finally {
            stop(server);
        }
    }

    /** Reads the idle RSS, kills the oldest worker and waits for its replacement's ready line. */
    private Sample respawn(Child server, long manager, ReadyLog readyLog) throws IOException, InterruptedException {
        Map.Entry<Integer, Long> victim = ServerProcesses.workers(manager).entrySet().stream()
                .min(Comparator.comparing(e -> ServerProcesses.started(e.getValue()).orElse(Instant.MAX)))
                .orElseThrow(() -> new IOException("no worker under the manager " + manager));
        // The manager delays the respawn of a worker that dies within 2 s of its start.
        Instant started = ServerProcesses.started(victim.getValue()).orElse(Instant.EPOCH);
        long wait = Duration.between(Instant.now(), started.plus(MIN_WORKER_AGE)).toMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        double others = awaitQuiet(server.pid());
        // A master that is its own manager (base mode) counts once: the manager's column is 0 then.
        Rss idle = new Rss(ProcFs.rssBytes(server.pid()), manager == server.pid() ? 0 : ProcFs.rssBytes(manager),
                ProcFs.rssBytes(victim.getValue()));
        Set<Long> known = new HashSet<>();
        readyLog.seen().forEach(r -> known.add(r.pid()));
        int id = victim.getKey();
        // The victim's CPU time moves to the manager's (children's times) when it is reaped: the
        // tree's total goes on counting it, so the difference is what the server used meanwhile.
        CpuMark before = CpuMark.of(server.pid());
        Instant killed = Instant.now();
        ProcessHandle.of(victim.getValue()).ifPresent(ProcessHandle::destroyForcibly);
        ReadyLog.Ready ready = readyLog.await(r -> r.workerId() == id && !known.contains(r.pid()), server::isAlive,
                timeout).orElseThrow(() -> new IOException("no new worker " + id + " ready within "
                + timeout.toSeconds() + " s:\n" + server.logTail(20)));
        Long current = ServerProcesses.workers(manager).get(id);
        if (current == null || current != ready.pid()) {
            throw new IOException("worker " + id + " logged ready as pid " + ready.pid()
                    + " but the manager's worker " + id + " is " + current);
        }
        Instant spawned = ServerProcesses.started(ready.pid())
                .orElseThrow(() -> new IOException("worker pid " + ready.pid() + " is gone"));
        others = Math.max(others, CpuMark.of(server.pid()).othersPercentSince(before));
        return new Sample(id, ready.pid(), idle, Duration.between(spawned, ready.at()).toMillis(),
                ready.loggedMillis(), Duration.between(killed, ready.at()).toMillis(), others);
    }

    /**
     * Waits, up to 20 s, until processes other than the idle server and this JVM use less than
     * 10% of a core over 0.3 s; returns the share they used last, in percent.
     */
    private static double awaitQuiet(long master) throws InterruptedException {
        long deadline = System.nanoTime() + QUIET_WAIT.toNanos();
        double other;
        do {
            other = othersPercent(master);
        } while (other >= QUIET_PERCENT && System.nanoTime() - deadline < 0);
        return other;
    }

    /** The share of a core, in percent, that processes other than the server and this JVM use over 0.3 s. */
    private static double othersPercent(long master) throws InterruptedException {
        CpuMark start = CpuMark.of(master);
        Thread.sleep(300);
        return CpuMark.of(master).othersPercentSince(start);
    }

    /** CPU seconds used so far by the whole machine, the server's process tree and this JVM. */
    private record CpuMark(long nanoTime, double machine, double server, double self) {

        static CpuMark of(long master) {
            return new CpuMark(System.nanoTime(), ProcFs.machineBusySeconds(), TreeSample.of(master).cpuSeconds(),
                    ProcFs.cpuSeconds(SELF));
        }

        /** The share of a core, in percent, the other processes used since {@code start}. */
        double othersPercentSince(CpuMark start) {
            double used = (machine - start.machine) - (server - start.server) - (self - start.self);
            return Math.max(0, 100 * used / ((nanoTime - start.nanoTime) / 1e9));
        }
    }

    /** SIGTERM to the master; then every process of the tree that is left is stopped and waited for. */
    private void stop(Child server) {
        List<ProcessHandle> tree = new ArrayList<>(server.process().descendants().toList());
        long begin = System.nanoTime();
        int status = children.stop(server);
        List<Long> left = tree.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        out.printf(Locale.ROOT, "  stopped: master exit status %d after %.1f s, %d other process(es)%s%n", status,
                (System.nanoTime() - begin) / 1e9, tree.size(),
                left.isEmpty() ? ", all gone" : ", still alive: " + left);
    }

    static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
