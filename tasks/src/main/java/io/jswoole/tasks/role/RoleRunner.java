package io.jswoole.tasks.role;

import io.jswoole.core.net.SocketActivation;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.spi.Providers;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.supervision.Daemon;
import io.jswoole.supervision.Manager;
import io.jswoole.supervision.SystemdNotify;
import io.jswoole.tasks.TaskWorker;
import io.jswoole.tasks.UserProcess;

/**
 * Runs this process's role of a server, the same in every mode: the master's start (systemd's
 * notify socket checked, its sockets taken, daemonizing), the manager, task workers and user
 * processes; only the master's serving and the workers differ between the modes ({@link Mode}).
 */
public final class RoleRunner {
    /** What differs between the modes: how the master serves, and what a worker is. */
    public interface Mode {
        /**
         * The master, once started (and detached when asked to): binds its ports or uses those
         * {@code passed} by systemd, starts the process tree and serves until shutdown.
         */
        void runMaster(ServerBootstrap bootstrap, SocketActivation passed) throws Exception;

        /** A worker process, until it stops. */
        void runWorker(ServerBootstrap bootstrap) throws Exception;
    }

    private RoleRunner() {
    }

    /** Runs {@code bootstrap}'s role in {@code mode} until the process's part of the server ends. */
    public static void run(ServerBootstrap bootstrap, Mode mode) throws Exception {
        Settings s = bootstrap.server().settings();
        switch (bootstrap.role().kind()) {
            case MASTER -> {
                SystemdNotify.open(); // a NOTIFY_SOCKET that names no socket stops start-up here
                SocketActivation passed = SocketActivation.takeForMaster(s);
                if (Daemon.detach(s)) {
                    return;
                }
                mode.runMaster(bootstrap, passed);
            }
            case MANAGER -> Manager.runManager(bootstrap);
            case WORKER -> mode.runWorker(bootstrap);
            case TASK_WORKER -> new TaskWorker(bootstrap, chosenReactor(bootstrap)).run();
            case USER -> new UserProcess(bootstrap, chosenReactor(bootstrap)).run();
        }
    }

    /** In a child process: the Reactor provider its master chose. */
    public static ReactorProvider chosenReactor(ServerBootstrap bootstrap) {
        return Providers.select(ReactorProvider.class, Keys.REACTOR.key(), bootstrap.providerName(Keys.REACTOR));
    }
}
