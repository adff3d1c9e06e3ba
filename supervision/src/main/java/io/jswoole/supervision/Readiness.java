package io.jswoole.supervision;

import io.jswoole.log.Log;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The master's readiness as systemd sees it ({@link SystemdNotify}): {@code READY=1} once every
 * worker and task worker runs, {@code RELOADING=1} when a reload is asked for and {@code READY=1}
 * again once the manager has finished it. Both are read from the process table: a worker's slot
 * says running once its onWorkerStart is done and it accepts, and the manager counts finished
 * reloads in its slot, so this works whether the manager is a process of its own or this one.
 *
 * <p>A thread of its own looks at the table whenever a process rings the run directory's
 * {@link TableBell} (a worker started, a reload finished), and every {@value #POLL_MILLIS} ms
 * while it waits for one of those, in case a ring was lost; it sleeps otherwise.
 */
final class Readiness implements AutoCloseable {
    private static final long POLL_MILLIS = 200;

    private final SystemdNotify notify;
    private final WorkerTable table;
    private final int workers;
    private final int taskWorkers;
    private final Thread thread;
    private final Path runDir;
    private TableBell bell;
    private boolean ready;
    /** The manager's count of finished reloads when a reload was asked for; -1 when none is awaited. */
    private long reloadsBefore = -1;
    private boolean closed;

    Readiness(SystemdNotify notify, WorkerTable table, Path runDir, int workers, int taskWorkers) {
        this.notify = notify;
        this.runDir = runDir;
        this.table = table;
        this.workers = workers;
        this.taskWorkers = taskWorkers;
        this.thread = new Thread(this::watch, "jswoole-readiness");
        thread.setDaemon(true);
    }

    void start() {
        try {
            bell = TableBell.listen(runDir, this::rung);
        } catch (IOException e) {
            Log.warn("cannot listen for the workers' readiness (" + e.getMessage() + "); looking at the table every "
                    + POLL_MILLIS + " ms");
        }
        thread.start();
    }

    private synchronized void rung() {
        notifyAll();
    }

    /** Before the manager is asked to reload: {@code RELOADING=1}, and {@code READY=1} once it is done. */
    synchronized void reloading(boolean taskWorkersOnly) {
        if (!ready || closed) {
            return; // not ready yet: READY=1 comes once every worker runs, reloaded or not
        }
        if (reloadsBefore < 0) {
            reloadsBefore = table.reloadsDone();
        }
        notify.reloading("reloading " + (taskWorkersOnly ? "task workers" : "workers"));
        notifyAll();
    }

    private void watch() {
        try {
            synchronized (this) {
                while (!closed) {
                    if (!ready && allRunning()) {
                        ready = true;
                        notify.ready(status());
                    } else if (reloadsBefore >= 0 && table.reloadsDone() > reloadsBefore) {
                        reloadsBefore = -1;
                        notify.ready(status());
                    }
                    if (ready && reloadsBefore < 0) {
                        wait();
                    } else {
                        wait(POLL_MILLIS);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the slot of every worker and task worker holds a live process that runs. */
    private boolean allRunning() {
        for (int id = 0; id < workers + taskWorkers; id++) {
            int slot = WorkerTable.slotOf("worker", id);
            long pid = table.pid(slot);
            if (pid == 0 || table.state(slot) != WorkerTable.STATE_RUNNING
                    || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    private String status() {
        return workers + (workers == 1 ? " worker" : " workers")
                + (taskWorkers > 0 ? ", " + taskWorkers + (taskWorkers == 1 ? " task worker" : " task workers") : "")
                + " running";
    }

    /** Stops watching; {@code STOPPING=1} is the caller's. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        thread.join(TimeUnit.SECONDS.toMillis(1));
        if (bell != null) {
            bell.close();
        }
    }
}
