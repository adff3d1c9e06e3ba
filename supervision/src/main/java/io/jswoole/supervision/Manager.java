package io.jswoole.supervision;

import io.jswoole.Server;
import io.jswoole.ServerEvents;
import io.jswoole.core.net.MaxConnection;
import io.jswoole.core.util.Callbacks;
import io.jswoole.core.util.Signals;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.spi.process.ChildProcess;
import io.jswoole.spi.process.ChildProcess.ExitStatus;
import io.jswoole.spi.process.ChildSpec;
import io.jswoole.spi.process.ProcessPoolProvider;
import io.jswoole.spi.process.ProcessRole;
import io.jswoole.spi.process.ProcessRole.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The manager process (Swoole's {@code Manager::wait()}): spawns every worker, task worker and
 * user process, respawns one that exits under the same id (with a growing delay when it keeps
 * failing at start-up), reloads on SIGUSR1 (all) or SIGHUP (task workers only), and on SIGTERM
 * stops them all, killing those still running after {@code max_wait_time}.
 *
 * <p>To its children the manager sends SIGTERM (stop now: close connections) and, in a reload
 * with {@code reload_async}, SIGUSR1 (retire: accept no more, finish what is open).
 *
 * <p>State changes are serialised on this object's monitor; exits arrive on the JDK's process
 * reaper threads, respawns run on a scheduler thread, reloads on their own thread.
 */
public final class Manager {
    private static final long FAST_EXIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    static final long READY_TIMEOUT_MILLIS = 30_000;
    /** How often a wait for a worker's readiness looks at the table without being rung. */
    static final long READY_POLL_MILLIS = 50;
    /**
     * How often the process table is read for workers that ask for their successor or to stop the
     * server, in case the ring of the {@link TableBell} that tells at once was lost.
     */
    private static final long RETIRING_POLL_MILLIS = 1_000;
    /** As {@link #RETIRING_POLL_MILLIS}, when the manager could not listen for the bell. */
    private static final long UNRUNG_POLL_MILLIS = 20;

    /**
     * JVM options of the manager process, after those it inherits from the master: it does no I/O
     * and runs little code, so one compiler thread that compiles only what is hot, a small code
     * cache and a small young generation serve it, whatever the master was given.
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:-TieredCompilation", "-XX:CICompilerCount=1",
            "-XX:ReservedCodeCacheSize=16m", "-Xmn2m");

    private final Server server;
    private final ProcessRole role;
    private final ProcessPoolProvider pool;
    private final WorkerTable table;
    private final List<Kind> kinds;
    private final List<String> jvmOptions;
    private final ChildProcess[] children;
    private final int[] failures;
    /** Per worker id: a successor is being started (by a reload or at the old process's request). */
    private final boolean[] replacing;
    /** A worker asked to stop the server through the table; the master was told. */
    private boolean stopRequested;
    /** Processes replaced by a successor and not yet exited: stopped and awaited with the others. */
    private final java.util.Set<ChildProcess> leaving = new java.util.HashSet<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jswoole-manager");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean stopping;
    private boolean reloading;
    /** Rings when a process records its start in the table; null if it could not listen. */
    private volatile TableBell bell;

    /**
     * @param kinds the role of each worker id, in Swoole's order: workers, task workers, user processes
     */
    public Manager(Server server, ProcessRole role, ProcessPoolProvider pool, WorkerTable table, List<Kind> kinds,
                   List<String> jvmOptions) {
        this.server = server;
        this.role = role;
        this.pool = pool;
        this.table = table;
        this.kinds = List.copyOf(kinds);
        List<String> options = new java.util.ArrayList<>(jvmOptions);
        options.addAll(Privileges.childJvmOptions(server.settings()));
        this.jvmOptions = List.copyOf(options);
        this.children = new ChildProcess[kinds.size()];
        this.failures = new int[kinds.size()];
        this.replacing = new boolean[kinds.size()];
    }

    /**
     * Runs this process as the manager of {@code bootstrap}'s server: the ProcessPool the master
     * chose, the process table in the run directory, one child per worker id.
     */
    public static void runManager(io.jswoole.spi.ServerBootstrap bootstrap) throws IOException, InterruptedException {
        io.jswoole.settings.Settings s = bootstrap.server().settings();
        ProcessPoolProvider pool = io.jswoole.spi.Providers.select(ProcessPoolProvider.class, Keys.PROCESS_POOL.key(),
                bootstrap.providerName(Keys.PROCESS_POOL));
        try (WorkerTable table = WorkerTable.open(bootstrap.role().runDir())) {
            new Manager(bootstrap.server(), bootstrap.role(), pool, table, workerKinds(bootstrap.server()),
                    workerJvmOptions(s)).run();
        }
    }

    /** The role of each worker id, in Swoole's order: workers, task workers, then user processes. */
    public static List<Kind> workerKinds(Server server) {
        io.jswoole.settings.Settings s = server.settings();
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < s.get(Keys.WORKER_NUM); i++) {
            kinds.add(Kind.WORKER);
        }
        for (int i = 0; i < s.get(Keys.TASK_WORKER_NUM); i++) {
            kinds.add(Kind.TASK_WORKER);
        }
        for (int i = 0; i < server.processes().size(); i++) {
            kinds.add(Kind.USER);
        }
        return kinds;
    }

    /** {@code worker_jvm_options}, split into arguments. */
    public static List<String> workerJvmOptions(io.jswoole.settings.Settings s) {
        String opts = s.get(Keys.WORKER_JVM_OPTIONS).trim();
        return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
    }

    /** Runs the manager until SIGTERM or the loss of the master; returns once every child has exited. */
    public void run() throws InterruptedException {
        try (Signals signals = new Signals()) {
            signals.on("TERM", this::stop).on("USR1", () -> reload(false)).on("HUP", () -> reload(true)).ignore("INT")
                    .onLogReopen(this::reopenLogs);
            ParentWatch.start(this::stop, (server.settings().get(Keys.MAX_WAIT_TIME) + 5) * 1000L);
            start();
            awaitStopped();
        }
    }

    /**
     * Takes the manager's slot in the process table, runs onManagerStart and spawns every child;
     * the children are then watched, respawned and reloaded on this manager's own threads. The
     * caller routes signals to {@link #stop}, {@link #reload} and {@link #reopenLogs}, then waits
     * in {@link #awaitStopped}: the manager process does both in {@link #run}, a base-mode master
     * that is its own manager does them itself.
     */
    public void start() {
        try {
            bell = TableBell.listen(role.runDir(), this::startSuccessorsSoon);
        } catch (IOException e) {
            Log.warn("cannot listen for workers' readiness (" + e.getMessage() + "); looking at the table every 5 ms"
                    + " instead");
        }
        table.started(WorkerTable.slotOf("manager", 0), "manager", 0);
        ServerEvents ev = server.events();
        if (ev.onManagerStart() != null) {
            Callbacks.run("onManagerStart", () -> ev.onManagerStart().handle(server));
        }
        synchronized (this) {
            for (int id = 0; id < children.length; id++) {
                spawn(id);
            }
        }
        long poll = bell != null ? RETIRING_POLL_MILLIS : UNRUNG_POLL_MILLIS;
        scheduler.scheduleWithFixedDelay(this::startSuccessors, poll, poll, TimeUnit.MILLISECONDS);
    }

    /** Waits until {@link #stop} has seen every child exit, then runs onManagerStop. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
        TableBell b = bell;
        if (b != null) {
            b.close();
        }
        ServerEvents ev = server.events();
        if (ev.onManagerStop() != null) {
            Callbacks.run("onManagerStop", () -> ev.onManagerStop().handle(server));
        }
        scheduler.shutdownNow();
    }

    private synchronized void spawn(int id) {
        if (stopping) {
            return;
        }
        if (children[id] != null && children[id].isAlive()) {
            return; // a respawn scheduled while a replacement started one already
        }
        Kind kind = kinds.get(id);
        Map<String, String> props = MaxConnection.passDown(role.childProperties(kind, id));
        ChildProcess child;
        try {
            child = pool.spawn(new ChildSpec(kind.label(), id, props, jvmOptions));
        } catch (IOException | RuntimeException e) {
            Log.error("cannot start " + kind.label() + " " + id + ": " + e);
            scheduleRespawn(id);
            return;
        }
        children[id] = child;
        Log.info("started " + kind.label() + " " + id + " pid " + child.pid());
        child.onExit().thenAccept(status -> exited(id, child, status));
    }

    private synchronized void exited(int id, ChildProcess child, ExitStatus status) {
        boolean current = children[id] == child;
        if (current) {
            children[id] = null;
        }
        leaving.remove(child);
        if (stopping) {
            if (allExited()) {
                stopped.countDown();
            }
            return;
        }
        if (!current) {
            // A worker replaced by a reload or at its own request: its successor runs already.
            Log.info(kinds.get(id).label() + " " + id + " pid " + child.pid() + " (replaced) exited");
            return;
        }
        boolean abnormal = status.code() != 0 || status.isSignaled();
        if (abnormal) {
            Log.warn(kinds.get(id).label() + " " + id + " pid " + child.pid() + " exited abnormally: "
                    + (status.isSignaled() ? "signal " + status.signal() : "code " + status.code()));
            ServerEvents ev = server.events();
            if (ev.onWorkerError() != null) {
                Callbacks.run("onWorkerError", () -> ev.onWorkerError().handle(server, id, child.pid(),
                        status.isSignaled() ? -1 : status.code(), status.signal()));
            }
        }
        boolean fast = endedSoonAfterReady(child);
        // A user process whose body returns at once ends cleanly but just as soon: it is restarted
        // with the same growing delay as one that crashes at start-up, so that it does not spin.
        boolean userEnded = !abnormal && kinds.get(id) == Kind.USER;
        failures[id] = (abnormal || userEnded) && fast ? failures[id] + 1 : 0;
        scheduleRespawn(id, userEnded ? "keeps ending soon after it starts" : "keeps failing");
    }

    /**
     * Whether {@code child} never became ready or ended within {@link #FAST_EXIT_NANOS} of it:
     * measured from readiness, not from the spawn, so that a slow JVM start on a busy machine
     * does not hide a process that keeps failing.
     */
    private boolean endedSoonAfterReady(ChildProcess child) {
        for (WorkerTable.Entry e : table.entries()) {
            if (e.pid() == child.pid()) {
                return System.currentTimeMillis() - e.startMillis() < TimeUnit.NANOSECONDS.toMillis(FAST_EXIT_NANOS);
            }
        }
        return true; // it never reported ready: a failed start
    }

    private void scheduleRespawn(int id) {
        scheduleRespawn(id, "keeps failing");
    }

    private void scheduleRespawn(int id, String why) {
        long delay = failures[id] == 0 ? 0 : Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(10, failures[id] - 1));
        if (delay > 0) {
            Log.warn(kinds.get(id).label() + " " + id + " " + why + "; restarting it in " + delay + " ms");
        }
        scheduler.schedule(() -> spawn(id), delay, TimeUnit.MILLISECONDS);
    }

    private boolean allExited() {
        for (ChildProcess c : children) {
            if (c != null && c.isAlive()) {
                return false;
            }
        }
        for (ChildProcess c : leaving) {
            if (c.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Stops every child: SIGTERM, then SIGKILL after {@code max_wait_time}. Any thread. */
    public void stop() {
        stopAll(15, "stopping all workers", 0);
    }

    /**
     * Retires every child and starts none again (a server handing over to its successor):
     * SIGUSR1, so that each serves what it holds, as at a reload, then SIGKILL after
     * {@code max_wait_time}. Any thread.
     */
    public void retireAll() {
        stopAll(10, "retiring all workers: each serves its open connections up to max_wait_time", 2000);
    }

    /** Signals every child, then kills those left {@code graceMillis} after {@code max_wait_time}. */
    private void stopAll(int signal, String what, long graceMillis) {
        List<ChildProcess> running = new ArrayList<>();
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            Log.info(what);
            for (ChildProcess c : allChildren()) {
                if (c.isAlive()) {
                    running.add(c);
                    c.signal(signal);
                }
            }
            if (allExited()) {
                stopped.countDown();
                return;
            }
        }
        long waitMillis = server.settings().get(Keys.MAX_WAIT_TIME) * 1000L + graceMillis;
        scheduler.schedule(() -> {
            for (ChildProcess c : running) {
                if (c.isAlive()) {
                    Log.warn("pid " + c.pid() + " still running after max_wait_time; killing it");
                    c.signal(9);
                }
            }
        }, waitMillis, TimeUnit.MILLISECONDS);
    }

    /** Every child, leaving ones included, reopens its log file too (this process has reopened its own). */
    public synchronized void reopenLogs() {
        int signal = Signals.number(Log.REOPEN_SIGNAL);
        for (ChildProcess c : allChildren()) {
            if (c.isAlive()) {
                c.signal(signal);
            }
        }
    }

    /** The current children and those leaving after a reload; with this manager's lock held. */
    private List<ChildProcess> allChildren() {
        List<ChildProcess> all = new ArrayList<>(leaving);
        for (ChildProcess c : children) {
            if (c != null) {
                all.add(c);
            }
        }
        return all;
    }

    /** Replaces every worker (or only task workers) with a new process, one id at a time. Any thread. */
    public void reload(boolean taskWorkersOnly) {
        synchronized (this) {
            if (stopping || reloading) {
                Log.notice(stopping ? "stopping; reload ignored" : "a reload is already running");
                return;
            }
            reloading = true;
        }
        Thread t = new Thread(() -> {
            try {
                doReload(taskWorkersOnly);
            } finally {
                synchronized (this) {
                    reloading = false;
                }
            }
        }, "jswoole-reload");
        t.setDaemon(true);
        t.start();
    }

    private void doReload(boolean taskWorkersOnly) {
        ServerEvents ev = server.events();
        Log.info("reloading " + (taskWorkersOnly ? "task workers" : "all workers"));
        if (ev.onBeforeReload() != null) {
            Callbacks.run("onBeforeReload", () -> ev.onBeforeReload().handle(server));
        }
        boolean overlap = server.settings().get(Keys.RELOAD_ASYNC);
        for (int id = 0; id < children.length; id++) {
            Kind kind = kinds.get(id);
            if (kind == Kind.USER || (taskWorkersOnly && kind != Kind.TASK_WORKER)) {
                continue;
            }
            if (!replace(id, overlap)) {
                break;
            }
        }
        if (ev.onAfterReload() != null) {
            Callbacks.run("onAfterReload", () -> ev.onAfterReload().handle(server));
        }
        table.reloadDone();
        Log.info("reload done");
    }

    /** Runs {@link #startSuccessors} on the scheduler: the bell rang. */
    private void startSuccessorsSoon() {
        try {
            scheduler.execute(this::startSuccessors);
        } catch (RejectedExecutionException e) {
            // the manager is stopping
        }
    }

    /**
     * Starts the successor of each worker or task worker whose slot in the process table says it
     * is retiring ({@code max_request}): the old process serves until the successor is ready, then
     * is retired (see {@link Successor}). On the scheduler, at each ring of the bell and every
     * {@value #RETIRING_POLL_MILLIS} ms; the replacement runs on its own thread.
     */
    private void startSuccessors() {
        if (!stopRequested && table.stopRequests() > 0) {
            stopRequested = true; // a worker that gave up root may not signal the master itself
            Log.notice("a worker asked to stop the server");
            Signals.send(role.masterPid(), "TERM");
        }
        for (int id = 0; id < children.length; id++) {
            if (kinds.get(id) == Kind.USER) {
                continue;
            }
            int slot = WorkerTable.slotOf(kinds.get(id).label(), id);
            synchronized (this) {
                ChildProcess c = children[id];
                if (stopping || replacing[id] || c == null || table.pid(slot) != c.pid()
                        || table.state(slot) != WorkerTable.STATE_RETIRING) {
                    continue;
                }
                replacing[id] = true;
                Log.info(kinds.get(id).label() + " " + id + " pid " + c.pid()
                        + " asks for its successor; starting it before the old one leaves");
            }
            int worker = id;
            Thread t = new Thread(() -> replaceMarked(worker, true), "jswoole-successor-" + id);
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Replaces one worker. Overlapping: the new process starts and becomes ready before the old one
     * is asked to stop. Otherwise: the old one stops (killed after max_wait_time), then the new one
     * starts. Returns false if the manager is stopping.
     */
    private boolean replace(int id, boolean overlap) {
        synchronized (this) {
            if (stopping) {
                return false;
            }
            if (replacing[id]) {
                return true; // its successor is being started already, after this reload began
            }
            replacing[id] = true;
        }
        return replaceMarked(id, overlap);
    }

    /** {@link #replace(int, boolean)} for an id already marked {@code replacing}; clears the mark. */
    private boolean replaceMarked(int id, boolean overlap) {
        try {
            return doReplace(id, overlap);
        } finally {
            synchronized (this) {
                replacing[id] = false;
            }
        }
    }

    private boolean doReplace(int id, boolean overlap) {
        ChildProcess old;
        synchronized (this) {
            if (stopping) {
                return false;
            }
            old = children[id];
        }
        if (!overlap && old != null) {
            synchronized (this) {
                children[id] = null; // its exit is expected
            }
            stopChild(old, 15);
        }
        ChildProcess fresh;
        synchronized (this) {
            if (stopping) {
                return false;
            }
            if (overlap) {
                children[id] = null;
                if (old != null && old.isAlive()) {
                    leaving.add(old);
                }
            }
            spawn(id);
            fresh = children[id];
        }
        if (overlap && old != null) {
            Signals.prepare(); // the old one is retired with SIGUSR1 once its successor is ready
        }
        if (fresh != null) {
            awaitReady(id, fresh);
        }
        if (overlap && old != null) {
            Log.info(kinds.get(id).label() + " " + id + " pid " + (fresh == null ? "-" : fresh.pid())
                    + " has taken over; retiring pid " + old.pid());
            stopChild(old, 10); // SIGUSR1: retire, serving its open connections up to max_wait_time
        }
        return true;
    }

    private void stopChild(ChildProcess c, int signal) {
        c.signal(signal);
        long waitMillis = server.settings().get(Keys.MAX_WAIT_TIME) * 1000L + 2000;
        try {
            c.onExit().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            Log.warn("pid " + c.pid() + " did not stop within max_wait_time; killing it");
            c.signal(9);
        } catch (java.util.concurrent.ExecutionException e) {
            Log.debug("waiting for " + c.pid() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the worker's table slot says it is running (its onWorkerStart done, accepting):
     * the worker rings the {@link TableBell} when it records that; the table is looked at again
     * every {@value #READY_POLL_MILLIS} ms in case a ring was lost.
     */
    private void awaitReady(int id, ChildProcess c) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        while (System.nanoTime() - deadline < 0 && c.isAlive()) {
            TableBell b = bell;
            long seen = b == null ? 0 : b.rings();
            for (WorkerTable.Entry e : table.entries()) {
                if (e.pid() == c.pid() && e.state() == WorkerTable.STATE_RUNNING) {
                    return;
                }
            }
            try {
                if (b != null) {
                    b.await(seen, READY_POLL_MILLIS);
                } else {
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Log.warn(kinds.get(id).label() + " " + id + " pid " + c.pid() + " did not become ready");
    }
}
