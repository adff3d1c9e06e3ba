package io.jswoole.factory.process;

import io.jswoole.Server;
import io.jswoole.ServerStats;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.net.BoundPorts;
import io.jswoole.core.net.Connection;
import io.jswoole.core.net.DatagramPort;
import io.jswoole.core.net.Heartbeat;
import io.jswoole.core.net.ListenerHandoff;
import io.jswoole.core.net.MaxConnection;
import io.jswoole.core.net.PassedBy;
import io.jswoole.core.net.PortConfig;
import io.jswoole.core.net.SocketActivation;
import io.jswoole.core.util.Affinity;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.spi.ConnectionEvent;
import io.jswoole.spi.Factory;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.process.ProcessPoolProvider;
import io.jswoole.spi.process.ProcessRole;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.supervision.Manager;
import io.jswoole.supervision.MasterProcess;
import io.jswoole.supervision.Privileges;
import io.jswoole.supervision.RunDir;
import io.jswoole.supervision.Upgrade;
import io.jswoole.supervision.WorkerTable;
import io.jswoole.supervision.metrics.AdminEndpoint;
import io.jswoole.supervision.metrics.ProcessMetrics;
import io.jswoole.tasks.TaskIpc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The process-mode master (Swoole's {@code swServer_start_proxy}): binds the ports, starts
 * {@code reactor_num} reactor threads (each listening for its pipes from the workers) before the
 * main reactor accepts a single connection, then runs the process tree. At shutdown it stops
 * accepting, closes the connections (after their queued output, up to {@code max_wait_time}),
 * then the manager stops the workers. As process mode's {@link Factory} in the master, it hands each
 * connection's packets and events to the reactor thread that owns it, which writes them to a
 * worker's pipe, and a send or close from the master (onStart, a timer) to that thread's loop.
 */
final class ProcessMaster implements Factory<Connection> {
    private final ServerBootstrap bootstrap;
    private final Server server;
    private final ReactorProvider reactor;
    private final ProcessPoolProvider pool;
    private final PipeProvider pipe;
    /** Sockets passed by systemd, used instead of binding the ports they match. */
    private final SocketActivation passed;
    /**
     * Set once serving starts, before the reactor threads and the main reactor start and before
     * the runtime is attached: every thread that reads them was started (or handed the runtime)
     * after, so plain fields are seen (no volatile read per packet).
     */
    private ReactorThread[] reactors;
    private SharedConnectionTable shared;
    private volatile MasterProcess master;

    ProcessMaster(ServerBootstrap bootstrap, ReactorProvider reactor, ProcessPoolProvider pool, PipeProvider pipe,
                  SocketActivation passed) {
        this.bootstrap = bootstrap;
        this.server = bootstrap.server();
        this.reactor = reactor;
        this.pool = pool;
        this.pipe = pipe;
        this.passed = passed;
    }

    /** The master owns the connections in process mode: its counters are the server's. */
    private static void publishCounters(ProcessMetrics metrics, SharedConnectionTable shared) {
        ServerStats n = shared.stats(0, 0);
        metrics.recorder(WorkerTable.slotOf("master", 0)).counters(n.connectionNum(), n.acceptCount(), n.closeCount(),
                n.requestCount(), n.abortCount(), n.dispatchCount());
    }

    @Override
    public void start() throws Exception {
        Settings s = server.settings();
        int workers = s.get(Keys.WORKER_NUM);
        int reactorNum = reactorNum(s);
        if (reactorNum < s.get(Keys.REACTOR_NUM)) {
            Log.notice("reactor_num " + s.get(Keys.REACTOR_NUM) + " is above worker_num " + workers + "; using "
                    + reactorNum + " reactor threads, as Swoole does");
        }
        Msg.checkPortCount(server.ports().size());
        Path runDir = RunDir.create();
        Privileges.shareRunDir(runDir, server.settings());
        ReactorThread[] reactors = new ReactorThread[reactorNum];
        MainReactor main = null;
        Heartbeat heartbeat = Heartbeat.of(server);
        Map<String, String> chosen = new LinkedHashMap<>();
        List<PortConfig> configs = BoundPorts.configs(server.ports());
        try (WorkerTable table = WorkerTable.create(runDir, Manager.workerKinds(server).size());
             TaskIpc tasks = TaskIpc.needed(server) ? TaskIpc.prepare(server, runDir, chosen) : null;
             SharedConnectionTable shared = SharedConnectionTable.create(runDir, MaxConnection.checkAtStart(s), reactorNum);
             WorkerProgress progress = WorkerProgress.create(runDir, workers, reactorNum);
             ProcessMetrics metrics = ProcessMetrics.create(runDir, Manager.workerKinds(server).size(), server.ports().size());
             AdminEndpoint admin = AdminEndpoint.start(runDir, s, () -> publishCounters(metrics, shared));
             BoundPorts ports = boundPorts(configs);
             ListenerHandoff offer = ListenerHandoff.offerToSuccessor(runDir, ports, reactor.transport())) {
            this.shared = shared;
            this.reactors = reactors;
            for (int r = 0; r < reactorNum; r++) {
                Dispatcher dispatcher = new Dispatcher(s.get(Keys.DISPATCH_MODE), workers,
                        server.events().dispatchFunction(), WorkerLoad.of(server, table));
                reactors[r] = new ReactorThread(r, new EventLoop(reactor, "reactor#" + r), shared, dispatcher, this, workers,
                        listen(runDir, r), heartbeat, progress,
                        s.get(Keys.WORKER_LOST_POLICY).equals("replay"));
            }
            main = new MainReactor(new EventLoop(reactor, "main-reactor"), reactors);
            Map<Integer, Integer> bound = new LinkedHashMap<>();
            for (PortConfig cfg : ports.configs()) {
                bound.put(cfg.id(), ports.boundPort(cfg.id()));
                if (!cfg.type().isStream()) {
                    DatagramSocket socket = (DatagramSocket) ports.socket(cfg.id());
                    reactors[0].addDatagramPort(r -> new DatagramPort(r.loop(), cfg, socket, r, r::countDatagram));
                }
            }
            for (ReactorThread r : reactors) {
                r.loop().execute(() -> Affinity.pinCurrentThread(s, "reactor thread", r.id()));
                r.start();
            }
            main.start();
            chosen.put(Keys.MODE.key(), "process");
            chosen.put(Keys.REACTOR.key(), reactor.name());
            chosen.put(Keys.PROCESS_POOL.key(), pool.name());
            chosen.put(Keys.WORKER_PIPE.key(), pipe.name());
            for (ReactorThread r : reactors) {
                chosen.put(ProcessWorker.addressKey(r.id()), r.pipeAddress());
            }
            ProcessRole role = bootstrap.role().with(runDir, chosen, bound);
            MasterProcess master = new MasterProcess(bootstrap, role, pool, false);
            this.master = master;
            bootstrap.attach(new MasterRuntime(master, this, main, reactors, shared, bound, workers, s.get(Keys.TASK_WORKER_NUM),
                    server.processes().size(), heartbeat, metrics, table));
            MainReactor mainReactor = main;
            if (offer.offers()) {
                admin.onUpgrade(() -> {
                    long successor = Upgrade.startSuccessor(runDir, Duration.ofSeconds(s.get(Keys.MAX_WAIT_TIME) + 5L));
                    ports.handOver();
                    master.handOver(successor);
                    return "upgraded: pid " + successor + " serves now; pid " + ProcessHandle.current().pid()
                            + " serves its open connections up to max_wait_time, then stops its workers and exits";
                });
            }
            Log.info("process mode, " + reactorNum + " reactor threads, " + workers + " workers, reactor " + reactor.name());
            master.run(table, () -> {
                for (PortConfig cfg : ports.configs()) {
                    if (cfg.type().isStream()) {
                        mainReactor.accept((ListenSocket) ports.socket(cfg.id()), cfg, bound.get(cfg.id()));
                    }
                }
            }, () -> stopServing(mainReactor, reactors, s.get(Keys.MAX_WAIT_TIME), master.handingOver()));
        } finally {
            for (ReactorThread r : reactors) {
                if (r != null) {
                    r.stop();
                }
            }
            if (main != null) {
                main.stop();
            }
            RunDir.delete(runDir);
        }
    }

    @Override
    public void shutdown() {
        MasterProcess m = master;
        if (m != null) {
            m.shutdown();
        }
    }

    @Override
    public void dispatch(Connection c, ByteBuffer packet) {
        reactors[c.reactorId()].dispatch(c, packet);
    }

    @Override
    public boolean notify(Connection c, ConnectionEvent event) {
        return reactors[c.reactorId()].notify(c, event);
    }

    /** From the master's own threads: the bytes are copied and written by the connection's reactor thread. */
    @Override
    public boolean finish(int fd, ByteBuffer data) {
        ReactorThread r = owner(fd);
        if (r == null) {
            return false;
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
        r.loop().execute(() -> r.sendFromMaster(fd, copy));
        return true;
    }

    @Override
    public boolean end(int fd, boolean reset) {
        ReactorThread r = owner(fd);
        if (r == null) {
            return false;
        }
        r.loop().execute(() -> r.closeFromMaster(fd, reset));
        return true;
    }

    /** The reactor thread that owns open connection {@code fd}, or null. */
    private ReactorThread owner(int fd) {
        SharedConnectionTable t = shared;
        return fd > 0 && t != null && t.exists(fd) ? reactors[t.reactorOf(fd)] : null;
    }

    /**
     * The ports, bound here, or taken over from the server being upgraded, or passed by systemd.
     */
    private BoundPorts boundPorts(List<PortConfig> configs) {
        Path predecessor = Upgrade.predecessor();
        if (predecessor != null) {
            return new BoundPorts(configs, reactor.transport(), ListenerHandoff.takeOver(predecessor, configs,
                    reactor.transport()), PassedBy.PREDECESSOR);
        }
        return new BoundPorts(configs, reactor.transport(), passed.adopt(configs, reactor.transport()));
    }

    /**
     * Reactor thread {@code r}'s listener for its pipes from the workers; with {@code buffer_input},
     * each link holds at most {@code buffer_input_size} (given on the server) unread.
     */
    private PipeListener listen(Path runDir, int r) throws IOException {
        Settings s = server.settings();
        String name = ProcessWorker.pipeName(r);
        if (s.get(Keys.BUFFER_INPUT)) {
            return pipe.listen(runDir, name, reactor.transport(), s.get(Keys.BUFFER_INPUT_SIZE));
        }
        return pipe.listen(runDir, name, reactor.transport());
    }

    /**
     * The number of reactor threads: {@code reactor_num}, lowered to {@code worker_num} as Swoole
     * does (more reactor threads than workers buy nothing). The master and every worker compute it
     * from the same settings, so the workers connect to exactly the master's reactor pipes.
     */
    static int reactorNum(Settings s) {
        return Math.min(s.get(Keys.REACTOR_NUM), s.get(Keys.WORKER_NUM));
    }

    /**
     * Stops accepting, then closes every connection on its reactor, waiting up to max_wait_time.
     * After a hand-over to a new master, which accepts now, the open connections are served
     * instead until their clients close them, for up to max_wait_time, and only then closed.
     */
    private static void stopServing(MainReactor main, ReactorThread[] reactors, int maxWaitSeconds, boolean handedOver) {
        main.stopAccepting();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxWaitSeconds);
        CountDownLatch closed = new CountDownLatch(reactors.length);
        for (ReactorThread r : reactors) {
            if (handedOver) {
                r.loop().execute(() -> r.drainConnections(deadline, closed::countDown));
            } else {
                r.loop().execute(() -> r.closeConnections(deadline, closed::countDown));
            }
        }
        try {
            closed.await(maxWaitSeconds + 5L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
