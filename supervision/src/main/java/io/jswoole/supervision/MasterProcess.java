package io.jswoole.supervision;

import io.jswoole.Hook;
import io.jswoole.Server;
import io.jswoole.ServerEvents;
import io.jswoole.core.net.MaxConnection;
import io.jswoole.core.util.Callbacks;
import io.jswoole.core.util.Signals;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.process.ChildProcess;
import io.jswoole.spi.process.ChildSpec;
import io.jswoole.spi.process.ProcessPoolProvider;
import io.jswoole.spi.process.ProcessRole;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The master's side of the process tree: writes the pid file, spawns the manager, runs the
 * MASTER_START hooks and onStart, forwards SIGUSR1 (reload) and SIGHUP (reload task workers) to
 * the manager, and on SIGTERM/SIGINT stops the manager (which stops the workers), then runs
 * onShutdown and removes the pid file and the run directory.
 *
 * <p>Under systemd ({@code NOTIFY_SOCKET}), the master reports its readiness, reloads and
 * shutdown ({@link SystemdNotify}, {@link Readiness}).
 *
 * <p>If the manager dies on its own, the master shuts down too (its workers notice the lost
 * manager and exit); a supervisor such as systemd then restarts the whole server.
 *
 * <p>A master that does no I/O of its own (base mode) is its own manager instead, as in Swoole's
 * base mode: the {@link Manager} runs on threads of this process, the workers are its children,
 * and the server has one JVM fewer (about 26 MiB).
 */
public final class MasterProcess {
    private final ServerBootstrap bootstrap;
    private final Server server;
    private final ProcessRole role;
    private final ProcessPoolProvider pool;
    private final CountDownLatch stop = new CountDownLatch(1);
    /** Base mode: this process is the manager too. */
    private final boolean ownManager;
    private volatile ChildProcess manager;
    private volatile Manager embedded;
    private volatile Readiness readiness;
    private volatile PidFile pidFile;
    /** Stopping after {@link #handOver}: the workers retire instead of stopping at once. */
    private volatile boolean handingOver;

    /** {@code ownManager}: run the manager in this process instead of spawning one (base mode). */
    public MasterProcess(ServerBootstrap bootstrap, ProcessRole role, ProcessPoolProvider pool, boolean ownManager) {
        this.bootstrap = bootstrap;
        this.server = bootstrap.server();
        this.role = role;
        this.pool = pool;
        this.ownManager = ownManager;
    }

    /**
     * Runs until shutdown. {@code serving} runs once the manager is started (the process mode's
     * reactors), {@code stopServing} before the manager is stopped.
     */
    public void run(WorkerTable table, Runnable serving, Runnable stopServing) throws IOException, InterruptedException {
        ServerEvents ev = server.events();
        SystemdNotify notify = SystemdNotify.open();
        table.started(WorkerTable.slotOf("master", 0), "master", 0);
        String pidFileName = server.settings().get(Keys.PID_FILE);
        try (PidFile pidFile = Upgrade.predecessor() != null ? PidFile.handedOver(pidFileName) : PidFile.write(pidFileName);
             Signals signals = new Signals()) {
            this.pidFile = pidFile;
            signals.on("TERM", stop::countDown).on("INT", stop::countDown)
                    .on("USR1", () -> forward("USR1")).on("HUP", () -> forward("HUP"))
                    .onLogReopen(this::passLogReopenOn);
            startManager(table);
            serving.run();
            bootstrap.runHooks(Hook.MASTER_START);
            if (ev.onStart() != null) {
                Callbacks.run("onStart", () -> ev.onStart().handle(server));
            }
            if (notify.enabled()) {
                readiness = new Readiness(notify, table, role.runDir(), server.settings().get(Keys.WORKER_NUM),
                        server.settings().get(Keys.TASK_WORKER_NUM));
                readiness.start();
            }
            stop.await();
            if (manager != null && !manager.isAlive()) {
                Log.error("the manager exited unexpectedly (" + manager.onExit().join() + "); shutting down");
            }
            Log.info("shutting down");
            if (readiness != null) {
                readiness.close();
            }
            notify.stopping();
            stopServing.run();
            stopManager();
            if (ev.onShutdown() != null) {
                Callbacks.run("onShutdown", () -> ev.onShutdown().handle(server));
            }
        }
    }

    private void startManager(WorkerTable table) throws IOException {
        if (ownManager) {
            embedded = new Manager(server, role, pool, table, Manager.workerKinds(server),
                    Manager.workerJvmOptions(server.settings()));
            embedded.start();
            return;
        }
        manager = pool.spawn(new ChildSpec(ProcessRole.Kind.MANAGER.label(), 0,
                MaxConnection.passDown(role.childProperties(ProcessRole.Kind.MANAGER, 0)), Manager.JVM_OPTIONS));
        Log.info("started manager pid " + manager.pid());
        manager.onExit().thenRun(stop::countDown);
    }

    /** Asks the master to shut down; any thread. */
    public void shutdown() {
        stop.countDown();
    }

    public long managerPid() {
        if (ownManager) {
            return ProcessHandle.current().pid();
        }
        ChildProcess m = manager;
        return m == null ? 0 : m.pid();
    }

    private void forward(String signal) {
        Readiness r = readiness;
        if (r != null) {
            r.reloading("HUP".equals(signal));
        }
        Manager own = embedded;
        if (own != null) {
            Log.info("SIG" + signal + ": reloading " + ("HUP".equals(signal) ? "task workers" : "workers"));
            own.reload("HUP".equals(signal));
            return;
        }
        ChildProcess m = manager;
        if (m != null && m.isAlive()) {
            Log.info("SIG" + signal + ": asking the manager to reload " + ("HUP".equals(signal) ? "task workers" : "workers"));
            m.signal("HUP".equals(signal) ? 1 : 10);
        }
    }

    private void passLogReopenOn() {
        Privileges.shareLogFile(server.settings());
        Manager own = embedded;
        if (own != null) {
            own.reopenLogs();
            return;
        }
        ChildProcess m = manager;
        if (m != null && m.isAlive()) {
            m.signal(Signals.number(Log.REOPEN_SIGNAL));
        }
    }

    /**
     * Hands the server over to {@code successor}, a new master that has taken over the listening
     * sockets and is ready ({@link Upgrade}): the pid file names it, and this master retires its
     * workers (each serves its open connections up to {@code max_wait_time}) and exits. Any thread.
     */
    public void handOver(long successor) {
        PidFile p = pidFile;
        if (p != null) {
            p.handOver(successor);
        }
        SystemdNotify.open().mainPid(successor); // under systemd, the service's main process is the new master
        Log.info("handing over to pid " + successor + ": retiring the workers, then exiting");
        handingOver = true;
        stop.countDown();
    }

    /** Whether this master is stopping because it handed the server over to a new one. */
    public boolean handingOver() {
        return handingOver;
    }

    private void stopManager() throws InterruptedException {
        Manager own = embedded;
        if (own != null) {
            if (handingOver) {
                own.retireAll();
            } else {
                own.stop(); // SIGTERM to every child, SIGKILL to those left after max_wait_time
            }
            own.awaitStopped();
            return;
        }
        ChildProcess m = manager;
        if (m == null || !m.isAlive()) {
            return;
        }
        m.signal(15);
        long wait = (server.settings().get(Keys.MAX_WAIT_TIME) + 5) * 1000L;
        try {
            m.onExit().get(wait, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Log.warn("the manager did not stop within " + wait + " ms; killing it");
            m.signal(9);
            m.onExit().join();
        } catch (ExecutionException e) {
            Log.debug("waiting for the manager: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
