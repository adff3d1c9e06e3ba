package io.jswoole.factory.base;

import io.jswoole.Server;
import io.jswoole.core.net.BoundPorts;
import io.jswoole.core.net.ListenerHandoff;
import io.jswoole.core.net.MaxConnection;
import io.jswoole.core.net.PassedBy;
import io.jswoole.core.net.PortConfig;
import io.jswoole.core.net.SocketActivation;
import io.jswoole.core.util.Affinity;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Setting;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.Availability;
import io.jswoole.spi.FactoryProvider;
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
import io.jswoole.tasks.role.RoleRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code base} mode provider. With {@code worker_num=1} and nothing to restart (no task
 * workers, no user processes, no {@code max_request}) the master is the worker, as in Swoole:
 * one process, one event loop. Otherwise the master is also the manager, as in Swoole's base
 * mode: it starts {@code worker_num} worker processes (and replaces them); each binds every port with
 * SO_REUSEPORT, so the kernel spreads new connections over the workers' own accept queues and a
 * request never crosses a process boundary.
 */
public final class BaseFactoryProvider implements FactoryProvider {

    @Override
    public String name() {
        return "base";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability availability() {
        return Availability.available();
    }

    @Override
    public void run(ServerBootstrap bootstrap) throws Exception {
        RoleRunner.run(bootstrap, new RoleRunner.Mode() {
            @Override
            public void runMaster(ServerBootstrap b, SocketActivation passed) throws Exception {
                Settings s = b.server().settings();
                MaxConnection.checkAtStart(s);
                ReactorProvider reactor = Providers.select(ReactorProvider.class, Keys.REACTOR.key(), s.get(Keys.REACTOR));
                if (isSingleProcess(b.server())) {
                    new BaseWorker(b, reactor, passed).run();
                } else {
                    BaseFactoryProvider.runMaster(b, reactor, passed); // the master is its own manager here
                }
            }

            @Override
            public void runWorker(ServerBootstrap b) throws Exception {
                new BaseWorker(b, RoleRunner.chosenReactor(b), SocketActivation.none()).run();
            }
        });
    }

    /**
     * Swoole's {@code Server::is_single_worker()}: one worker and nothing that must ever be
     * restarted, so no manager is needed. A worker that leaves after {@code max_request}, task
     * workers and user processes all need a manager to start them again.
     */
    static boolean isSingleProcess(Server server) {
        Settings s = server.settings();
        return s.get(Keys.WORKER_NUM) == 1 && s.get(Keys.MAX_REQUEST) == 0 && !TaskIpc.needed(server);
    }

    /**
     * Refuses what base mode cannot honour: the keys of process mode's reactor threads and
     * dispatch, and, when the server runs in one process, the keys of child processes.
     */
    @Override
    public void check(Server server) {
        Settings s = server.settings();
        refuseIfSet(s, Keys.REACTOR_NUM, "reactor_num applies to process mode (mode=process):"
                + " in base mode every worker runs its own event loop");
        refuseIfSet(s, Keys.DISPATCH_MODE, "dispatch_mode applies to process mode (mode=process):"
                + " in base mode the kernel spreads new connections over the workers (SO_REUSEPORT)");
        if (server.events().dispatchFunction() != null) {
            throw new SettingsException("setDispatchFunction", "a dispatch function applies to process mode"
                    + " (mode=process): in base mode the kernel spreads new connections over the workers");
        }
        refuseIfSet(s, Keys.BUFFER_INPUT, "buffer_input applies to process mode (mode=process):"
                + " in base mode received data never leaves the worker that read it");
        refuseIfSet(s, Keys.WORKER_PIPE, "worker_pipe applies to process mode (mode=process):"
                + " in base mode there are no reactor threads to link to the workers");
        refuseIfSet(s, Keys.WORKER_LOST_POLICY, "worker_lost_policy applies to process mode (mode=process):"
                + " in base mode a worker's connections die with it, so there is nothing to close or replay");
        Privileges.check(s, isSingleProcess(server), false);
        Affinity.cpus(s); // refuses a cpu_affinity_ignore that is not a list of this machine's CPUs
        if (isSingleProcess(server)) {
            String alone = " this server runs in one process (base mode, worker_num=1, no task worker, no user"
                    + " process, no max_request), so there is no child process";
            refuseIfSet(s, Keys.WORKER_JVM_OPTIONS, "worker_jvm_options:" + alone + " to give them to");
            refuseIfSet(s, Keys.PROCESS_POOL, "process_pool:" + alone + " to start");
            refuseIfSet(s, Keys.RELOAD_ASYNC, "reload_async:" + alone + " to reload");
        }
    }

    private static void refuseIfSet(Settings s, Setting<?> key, String why) {
        if (s.isSet(key)) {
            throw new SettingsException(key.key(), why);
        }
    }

    private static void runMaster(ServerBootstrap bootstrap, ReactorProvider reactor, SocketActivation passed)
            throws Exception {
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
