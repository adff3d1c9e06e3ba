package io.jswoole.factory.base;

import io.jswoole.Hook;
import io.jswoole.JswooleException;
import io.jswoole.Server;
import io.jswoole.ServerEvents;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.net.BoundPorts;
import io.jswoole.core.net.Connection;
import io.jswoole.core.net.ConnectionTable;
import io.jswoole.core.net.DatagramPort;
import io.jswoole.core.net.Heartbeat;
import io.jswoole.core.net.ListenerHandoff;
import io.jswoole.core.net.MaxConnection;
import io.jswoole.core.net.PassedBy;
import io.jswoole.core.net.PortConfig;
import io.jswoole.core.net.ServerCounters;
import io.jswoole.core.net.SocketActivation;
import io.jswoole.core.net.StreamListener;
import io.jswoole.core.util.Affinity;
import io.jswoole.core.util.Callbacks;
import io.jswoole.core.util.Signals;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.process.ProcessRole;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.supervision.MaxRequest;
import io.jswoole.supervision.ParentWatch;
import io.jswoole.supervision.PidFile;
import io.jswoole.supervision.Privileges;
import io.jswoole.supervision.RunDir;
import io.jswoole.supervision.Successor;
import io.jswoole.supervision.SystemdNotify;
import io.jswoole.supervision.WorkerTable;
import io.jswoole.supervision.metrics.AdminEndpoint;
import io.jswoole.supervision.metrics.ProcessMetrics;
import io.jswoole.tasks.TaskIpc;
import io.jswoole.tasks.WorkerPeers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One base-mode worker: binds its listening sockets, runs the event loop on the calling thread,
 * and stops in Swoole's order. Alone (single process mode) it is also the master; as one of several
 * worker processes it watches the listening sockets its master shares with every worker (or, with
 * {@code enable_reuse_port}, binds its own with SO_REUSEPORT), reports to the worker table, leaves after {@code max_request} requests, and stops when its manager is gone.
 *
 * <pre>
 * start:    bind ports → [alone: pid file, MASTER_START hooks, onStart] → onWorkerStart → accept
 *           (and every heartbeat_check_interval: close the connections idle too long)
 * stop:     stop accepting → onWorkerExit → close connections (onClose, reactorId -1), waiting
 *           up to max_wait_time for queued output → onWorkerStop → [alone: onShutdown]
 * retire:   (SIGUSR1 from the manager at a reload, or max_request) stop accepting (on a socket of
 *           its own, after accepting what is queued) → onWorkerExit → serve the open connections until their clients close
 *           them or max_wait_time passes → close the rest → onWorkerStop
 * </pre>
 */
final class BaseWorker {
    private final ServerBootstrap bootstrap;
    private final Server server;
    private final ReactorProvider reactor;
    private final ProcessRole role;
    private final boolean alone;
    private final int workerId;
    private final List<StreamListener> listeners = new ArrayList<>();
    /** The listening sockets the master shares with this worker, by port id (none when alone). */
    private Map<Integer, Pollable> handedOut = Map.of();
    private final List<DatagramPort> datagramPorts = new ArrayList<>();
    private final Heartbeat heartbeat;
    private final EventLoop loop;
    private final ServerCounters counters;
    private final ConnectionTable table;
    private WorkerPeers peers;
    private WorkerTable workerTable;
    private ProcessMetrics.Recorder metrics;
    private boolean stopping;
    /** Past max_request: the manager retires this worker once its successor is ready. */
    private boolean successorAsked;
    private volatile Throwable startFailure;
    /** Alone: sockets passed by systemd, and its readiness protocol (which does nothing unless asked for). */
    private final SocketActivation passed;
    private final SystemdNotify notify;

    BaseWorker(ServerBootstrap bootstrap, ReactorProvider reactor, SocketActivation passed) throws IOException {
        this.bootstrap = bootstrap;
        this.server = bootstrap.server();
        this.reactor = reactor;
        this.role = bootstrap.role();
        this.alone = role.isMaster();
        this.workerId = role.id();
        this.heartbeat = Heartbeat.of(server);
        this.passed = passed;
        this.notify = alone ? SystemdNotify.open() : null;
        this.counters = new ServerCounters(MaxConnection.of(server.settings()));
        this.table = new ConnectionTable(0, 1, counters);
        this.loop = new EventLoop(reactor, "worker#" + workerId);
    }

    int id() {
        return workerId;
    }

    EventLoop loop() {
        return loop;
    }

    ConnectionTable table() {
        return table;
    }

    /** Serves with {@code factory}'s data path until the worker stops. */
    void run(BaseFactory factory) throws IOException {
        long startTime = System.currentTimeMillis() / 1000;
        List<PortConfig> configs = BoundPorts.configs(server.ports());
        java.nio.file.Path ownRunDir = null;
        ProcessMetrics serverMetrics;
        if (alone) {
            ownRunDir = RunDir.create();
            workerTable = WorkerTable.create(ownRunDir, 0);
            serverMetrics = ProcessMetrics.create(ownRunDir, 0, server.ports().size());
        } else {
            handedOut = ListenerHandoff.receive(role.runDir(), loop.transport());
            configs.replaceAll(c -> handedOut.containsKey(c.id()) ? c : c.shared(role.ports().get(c.id())));
            workerTable = WorkerTable.open(role.runDir());
            serverMetrics = ProcessMetrics.open(role.runDir());
        }
        metrics = serverMetrics.recorder(slot());
        BusyFlag busy = alone ? BusyFlag.alone() : BusyFlag.shared(workerTable, slot());
        factory.track(metrics, busy);
        try (ProcessMetrics closedLast = serverMetrics;
             AdminEndpoint admin = alone ? AdminEndpoint.start(ownRunDir, server.settings(), this::publishCounters) : null;
             BoundPorts ports = alone ? new BoundPorts(configs, loop.transport(), passed.adopt(configs, loop.transport()))
                     : new BoundPorts(configs, loop.transport(), handedOut, PassedBy.MASTER);
             PidFile pidFile = alone ? PidFile.write(server.settings().get(Keys.PID_FILE)) : null;
             Signals signals = new Signals()) {
            if (!alone) {
                Privileges.dropIn(server.settings()); // after binding: a port below 1024 needs root
            }
            for (PortConfig cfg : ports.configs()) {
                if (cfg.type().isStream()) {
                    listeners.add(new StreamListener(loop, cfg, (ListenSocket) ports.socket(cfg.id()), table, factory, workerId));
                } else {
                    datagramPorts.add(new DatagramPort(loop, cfg, (DatagramSocket) ports.socket(cfg.id()), factory, counters::request));
                }
            }
            // shutdown() stops the whole server: this process when alone, else the master's tree.
            Runnable stopServer = alone ? this::shutdown : () -> workerTable.stopServer(role.masterPid());
            BaseRuntime runtime = new BaseRuntime(loop, table, factory, ports, datagramPorts, stopServer, workerId, startTime,
                    server.settings(), role.masterPid(), heartbeat, serverMetrics, slot(), server.processes().size(),
                    busy);
            if (!alone && TaskIpc.needed(server)) {
                peers = WorkerPeers.open(server, loop, role, workerTable, slot());
                runtime.peers(peers);
            }
            bootstrap.attach(runtime);
            if (alone) {
                signals.on("TERM", this::shutdown).on("INT", this::shutdown)
                        .on("USR1", BaseWorker::reloadRefused).on("HUP", BaseWorker::reloadRefused).onLogReopen();
            } else {
                signals.on("TERM", this::shutdown).on("USR1", this::retire).ignore("INT").onLogReopen();
                ParentWatch.start(this::shutdown, (server.settings().get(Keys.MAX_WAIT_TIME) + 5) * 1000L);
            }
            loop.execute(this::startServing);
            Log.info((alone ? "base mode, " : "") + "reactor " + reactor.name());
            Affinity.pinCurrentThread(server.settings(), "worker", workerId);
            loop.run();
            ServerEvents ev = server.events();
            if (alone && ev.onShutdown() != null) {
                Callbacks.run("onShutdown", () -> ev.onShutdown().handle(server));
            }
        } finally {
            if (peers != null) {
                peers.close();
            }
            workerTable.state(slot(), WorkerTable.STATE_EXITED);
            workerTable.close();
            if (ownRunDir != null) {
                RunDir.delete(ownRunDir);
            }
        }
        if (startFailure != null) {
            throw new JswooleException("onWorkerStart failed: " + startFailure, startFailure);
        }
    }

    /** A reload asked of a single-process server: as in Swoole, refused; the server keeps running. */
    private static void reloadRefused() {
        Log.warn("reload is not supported with single process mode (base mode, worker_num=1, no task workers,"
                + " user processes or max_request): there is no manager to start a new worker; the server keeps running");
    }

    /** This process's slot in the process table: the master's when alone. */
    private int slot() {
        return alone ? WorkerTable.slotOf("master", 0) : WorkerTable.slotOf(role.kind().label(), workerId);
    }

    /** First task on the loop: hooks and start callbacks, then accept. */
    private void startServing() {
        ServerEvents ev = server.events();
        if (peers != null) {
            try {
                peers.start();
            } catch (IOException e) {
                Log.error("cannot listen for task workers: " + e, e);
                startFailure = e;
                beginStop(false);
                return;
            }
        }
        if (alone) {
            bootstrap.runHooks(Hook.MASTER_START);
            if (ev.onStart() != null) {
                Callbacks.run("onStart", () -> ev.onStart().handle(server));
            }
        }
        if (ev.onWorkerStart() != null) {
            try {
                ev.onWorkerStart().handle(server, workerId);
            } catch (Exception | LinkageError e) {
                Log.error("onWorkerStart threw " + e, e);
                startFailure = e;
                beginStop(false);
                return;
            }
        }
        try {
            for (StreamListener l : listeners) {
                l.start();
            }
            for (DatagramPort d : datagramPorts) {
                d.start();
            }
        } catch (IOException e) {
            Log.error("cannot start accepting: " + e, e);
            startFailure = e;
            beginStop(false);
            return;
        }
        workerTable.started(slot(), alone ? "master" : role.kind().label(), workerId);
        watchRequests();
        heartbeat.start(loop, table::all, "worker " + workerId);
        if (alone) {
            notify.ready("1 worker running (single process)");
        } else {
            io.jswoole.core.util.ProcessAge.logReady();
        }
    }

    /** Publishes the connection counters to the metrics file; any thread. */
    private void publishCounters() {
        ServerCounters n = table.counters();
        // base mode: each worker reads and handles its own packets, so what it dispatched is what it received
        metrics.counters(n.open(), n.accepted(), n.closed(), n.requests(), n.aborted(), n.requests());
    }

    /** Publishes the request count and leaves after max_request (plus jitter) requests. */
    private void watchRequests() {
        int maxRequest = server.settings().get(Keys.MAX_REQUEST);
        long limit = MaxRequest.limit(maxRequest);
        loop.tick(100, id -> {
            long served = table.counters().requests();
            workerTable.requests(slot(), served);
            publishCounters();
            if (served >= limit && !stopping && !successorAsked) {
                // Serve and accept on until the successor is ready and listening (on its own
                // SO_REUSEPORT socket), so that no connection is refused, even with one worker.
                Log.info("served " + served + " requests (max_request " + maxRequest + "); asking for a successor");
                successorAsked = true;
                Successor.ask(workerTable, slot(), loop, () -> beginStop(true));
            }
        });
    }

    /**
     * Any thread: stops the worker in Swoole's order, closing its connections now. Called from a
     * callback, it acts after the callback has returned: stopping reads what the connections
     * have sent, which would reuse the read buffer that callback's packet is a view of.
     */
    void shutdown() {
        loop.executeLater(() -> beginStop(false));
    }

    /**
     * Any thread: retires the worker (a reload, or max_request): it stops accepting but serves
     * the connections it has until their clients close them or max_wait_time passes, so that a
     * reload fails no request (Swoole's reload_async).
     */
    void retire() {
        loop.executeLater(() -> beginStop(true));
    }

    private void beginStop(boolean retiring) {
        if (stopping) {
            return;
        }
        stopping = true;
        Log.info(retiring ? "retiring: serving the open connections, accepting no more" : "stopping");
        if (alone) {
            notify.stopping();
        }
        workerTable.state(slot(), WorkerTable.STATE_STOPPING);
        // A socket of its own (SO_REUSEPORT) resets what is left in its queue when it closes; a
        // shared one keeps it for the other workers.
        listeners.forEach(l -> {
            if (retiring && !handedOut.containsKey(l.port().id())) {
                l.acceptPendingAndClose();
            } else {
                l.close();
            }
        });
        datagramPorts.forEach(DatagramPort::close);
        ServerEvents ev = server.events();
        if (ev.onWorkerExit() != null) {
            Callbacks.run("onWorkerExit", () -> ev.onWorkerExit().handle(server, workerId));
        }
        long deadline = System.nanoTime() + server.settings().get(Keys.MAX_WAIT_TIME) * 1_000_000_000L;
        if (retiring) {
            awaitConnectionsClosed(deadline, () -> closeConnections(System.nanoTime()));
        } else {
            closeConnections(deadline);
        }
    }

    /** Closes every connection after its queued output, then waits for them until the deadline. */
    private void closeConnections(long deadline) {
        for (Connection c : table.all()) {
            c.readAvailable(); // answer what already arrived, then close after the replies
            c.close(true, false);
        }
        awaitConnectionsClosed(deadline, this::finish);
    }

    private void awaitConnectionsClosed(long deadline, Runnable then) {
        if (table.size() > 0 && System.nanoTime() - deadline < 0) {
            loop.after(10, id -> awaitConnectionsClosed(deadline, then));
            return;
        }
        then.run();
    }

    /** Resets what is still open, runs onWorkerStop and ends the loop. */
    private void finish() {
        for (Connection c : table.all()) {
            c.close(true, true);
        }
        if (peers != null) {
            peers.stop();
        }
        ServerEvents ev = server.events();
        if (ev.onWorkerStop() != null) {
            Callbacks.run("onWorkerStop", () -> ev.onWorkerStop().handle(server, workerId));
        }
        loop.stop();
    }
}
