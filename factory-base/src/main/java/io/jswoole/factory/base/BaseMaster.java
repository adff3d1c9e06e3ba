package io.jswoole.factory.base;

import io.jswoole.Server;
import io.jswoole.ServerStateException;
import io.jswoole.core.net.BoundPorts;
import io.jswoole.core.net.Connection;
import io.jswoole.core.net.ListenerHandoff;
import io.jswoole.core.net.PassedBy;
import io.jswoole.core.net.PortConfig;
import io.jswoole.core.net.SocketActivation;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.spi.ConnectionEvent;
import io.jswoole.spi.Factory;
import io.jswoole.spi.Providers;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.process.ProcessPoolProvider;
import io.jswoole.spi.process.ProcessRole;
import io.jswoole.spi.reactor.Pollable;
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
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base mode's {@link Factory} in the master of several workers, which is also their manager, as
 * in Swoole: it binds the ports it shares with the workers (or checks that each worker can bind
 * them with SO_REUSEPORT), starts and replaces the workers, and holds no connection itself, so
 * nothing is dispatched, notified, finished or ended here.
 */
final class BaseMaster implements Factory<Connection> {
    private final ServerBootstrap bootstrap;
    private final ReactorProvider reactor;
    private final SocketActivation passed;
    private volatile MasterProcess master;

    BaseMaster(ServerBootstrap bootstrap, ReactorProvider reactor, SocketActivation passed) {
        this.bootstrap = bootstrap;
        this.reactor = reactor;
        this.passed = passed;
    }

    @Override
    public void start() throws Exception {
        Server server = bootstrap.server();
        Settings s = server.settings();
        ProcessPoolProvider pool = Providers.select(ProcessPoolProvider.class, Keys.PROCESS_POOL.key(), s.get(Keys.PROCESS_POOL));
        Map<String, String> chosen = new LinkedHashMap<>();
        chosen.put(Keys.MODE.key(), "base");
        chosen.put(Keys.REACTOR.key(), reactor.name());
        chosen.put(Keys.PROCESS_POOL.key(), pool.name());
        Path runDir = RunDir.create();
        Privileges.shareRunDir(runDir, s);
        List<PortConfig> configs = BoundPorts.configs(server.ports());
        Path predecessor = Upgrade.predecessor();
        Map<Integer, Pollable> given = predecessor != null ? ListenerHandoff.takeOver(predecessor, configs, reactor.transport())
                : passed.adopt(configs, reactor.transport());
        try (ListenerHandoff handoff = ListenerHandoff.start(runDir, configs, reactor.transport(), given,
                     predecessor != null ? PassedBy.PREDECESSOR : PassedBy.SYSTEMD);
             WorkerTable table = WorkerTable.create(runDir, Manager.workerKinds(server).size());
             ProcessMetrics metrics = ProcessMetrics.create(runDir, Manager.workerKinds(server).size(), server.ports().size());
             AdminEndpoint admin = AdminEndpoint.start(runDir, s, () -> { });
             TaskIpc tasks = TaskIpc.needed(server) ? TaskIpc.prepare(server, runDir, chosen) : null) {
            Map<Integer, Integer> ports = resolvePorts(configs, handoff, reactor);
            ProcessRole role = bootstrap.role().with(runDir, chosen, ports);
            MasterProcess master = new MasterProcess(bootstrap, role, pool, true);
            this.master = master;
            bootstrap.attach(new BaseMasterRuntime(master, ports));
            admin.onUpgrade(() -> {
                long successor = Upgrade.startSuccessor(runDir, Duration.ofSeconds(s.get(Keys.MAX_WAIT_TIME) + 5L));
                handoff.handOver();
                master.handOver(successor);
                return "upgraded: pid " + successor + " serves now; pid " + ProcessHandle.current().pid()
                        + " retires its workers (each serves its open connections up to max_wait_time) and exits";
            });
            master.run(table, () -> { }, () -> { });
        } finally {
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
    public void dispatch(Connection connection, ByteBuffer packet) {
        throw noConnections();
    }

    @Override
    public boolean notify(Connection connection, ConnectionEvent event) {
        throw noConnections();
    }

    @Override
    public boolean finish(int fd, ByteBuffer data) {
        throw noConnections();
    }

    @Override
    public boolean end(int fd, boolean reset) {
        throw noConnections();
    }

    private static ServerStateException noConnections() {
        return new ServerStateException("the master of a base-mode server holds no connection: connections live"
                + " in the workers");
    }

    /**
     * The port numbers the workers listen on: those of the sockets the master hands out, and for
     * the ports each worker binds itself (SO_REUSEPORT), a check that they can be bound so, which
     * also picks the number for a port that asks for 0, so that every worker binds the same one.
     */
    private static Map<Integer, Integer> resolvePorts(List<PortConfig> configs, ListenerHandoff handoff,
                                                      ReactorProvider reactor) {
        List<PortConfig> own = new ArrayList<>();
        for (PortConfig c : configs) {
            if (!handoff.handsOut(c.id())) {
                own.add(c.shared(null));
            }
        }
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        try (BoundPorts probe = new BoundPorts(own, reactor.transport())) {
            for (PortConfig c : configs) {
                ports.put(c.id(), handoff.handsOut(c.id()) ? handoff.boundPort(c.id()) : probe.boundPort(c.id()));
            }
        }
        return Collections.unmodifiableMap(ports);
    }
}
