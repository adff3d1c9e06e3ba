package io.jswoole.factory.base;

import io.jswoole.Server;
import io.jswoole.core.net.Connection;
import io.jswoole.core.net.MaxConnection;
import io.jswoole.core.net.SocketActivation;
import io.jswoole.core.util.Affinity;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Setting;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.Availability;
import io.jswoole.spi.Factory;
import io.jswoole.spi.FactoryProvider;
import io.jswoole.spi.Providers;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.process.ProcessRole;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.supervision.Privileges;
import io.jswoole.tasks.TaskIpc;
import io.jswoole.tasks.role.RoleRunner;

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

    /**
     * The master of several workers serves no connection ({@link BaseMaster}); a worker, or the
     * master that is the only process, serves them itself ({@link BaseFactory}).
     */
    @Override
    public Factory<Connection> create(ServerBootstrap bootstrap) throws Exception {
        Settings s = bootstrap.server().settings();
        ProcessRole role = bootstrap.role();
        SocketActivation passed = role.isMaster() ? SocketActivation.takenForMaster() : SocketActivation.none();
        ReactorProvider reactor;
        if (role.isMaster()) {
            MaxConnection.checkAtStart(s);
            reactor = Providers.select(ReactorProvider.class, Keys.REACTOR.key(), s.get(Keys.REACTOR));
            if (!isSingleProcess(bootstrap.server())) {
                return new BaseMaster(bootstrap, reactor, passed); // the master is its own manager here
            }
        } else {
            reactor = RoleRunner.chosenReactor(bootstrap);
        }
        return new BaseFactory(bootstrap.server(), new BaseWorker(bootstrap, reactor, passed));
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

}
