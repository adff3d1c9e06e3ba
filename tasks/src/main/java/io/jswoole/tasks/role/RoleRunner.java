package io.jswoole.tasks.role;

import io.jswoole.core.net.SocketActivation;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.spi.Availability;
import io.jswoole.spi.FactoryProvider;
import io.jswoole.spi.Providers;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.process.ProcessModel;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.supervision.Daemon;
import io.jswoole.supervision.Manager;
import io.jswoole.supervision.SystemdNotify;
import io.jswoole.tasks.TaskWorker;
import io.jswoole.tasks.UserProcess;

/**
 * Runs this process's role of a server, the same in every mode: the master's start (systemd's
 * notify socket checked, its sockets taken, daemonizing), the manager, task workers and user
 * processes. Only how the master and the workers serve comes from the mode's
 * {@link io.jswoole.spi.Factory}.
 */
public final class RoleRunner implements ProcessModel {

    @Override
    public String name() {
        return "swoole";
    }

    @Override
    public Availability availability() {
        return Availability.available();
    }

    @Override
    public void run(ServerBootstrap bootstrap, FactoryProvider mode) throws Exception {
        Settings s = bootstrap.server().settings();
        switch (bootstrap.role().kind()) {
            case MASTER -> {
                SystemdNotify.open(); // a NOTIFY_SOCKET that names no socket stops start-up here
                SocketActivation.takeForMaster(s);
                if (Daemon.detach(s)) {
                    return;
                }
                mode.create(bootstrap).start();
            }
            case WORKER -> mode.create(bootstrap).start();
            case MANAGER -> Manager.runManager(bootstrap);
            case TASK_WORKER -> new TaskWorker(bootstrap, chosenReactor(bootstrap)).run();
            case USER -> new UserProcess(bootstrap, chosenReactor(bootstrap)).run();
        }
    }

    /** In a child process: the Reactor provider its master chose. */
    public static ReactorProvider chosenReactor(ServerBootstrap bootstrap) {
        return Providers.select(ReactorProvider.class, Keys.REACTOR.key(), bootstrap.providerName(Keys.REACTOR));
    }
}
