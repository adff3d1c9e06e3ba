package io.jswoole.factory.process;

import io.jswoole.Server;
import io.jswoole.core.process.Daemon;
import io.jswoole.core.process.Manager;
import io.jswoole.core.task.TaskWorker;
import io.jswoole.core.task.UserProcess;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.Availability;
import io.jswoole.spi.FactoryProvider;
import io.jswoole.spi.Providers;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.process.ProcessPoolProvider;
import io.jswoole.spi.process.ProcessRole;
import io.jswoole.spi.reactor.ReactorProvider;

/**
 * The {@code process} mode provider: a master with a main reactor and {@code reactor_num} reactor
 * threads that own every connection, a manager, and {@code worker_num} worker processes joined to
 * the reactor threads by {@code unixsock} pipes. Priority 5: {@code mode=auto} keeps choosing base
 * mode, which is faster; choose process mode for its isolation (a worker crash or reload closes no
 * connection).
 */
public final class ProcessFactoryProvider implements FactoryProvider {
    /** The Pipe provider between reactor threads and workers (polled in the same loop as sockets). */
    static final String PIPE = "unixsock";

    @Override
    public String name() {
        return "process";
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public Availability availability() {
        return Availability.available();
    }

    @Override
    public void run(ServerBootstrap bootstrap) throws Exception {
        Settings s = bootstrap.server().settings();
        ProcessRole role = bootstrap.role();
        switch (role.kind()) {
            case MASTER -> {
                if (Daemon.detach(s)) {
                    return;
                }
                ReactorProvider reactor = Providers.select(ReactorProvider.class, Keys.REACTOR.key(), s.get(Keys.REACTOR));
                ProcessPoolProvider pool = Providers.select(ProcessPoolProvider.class, Keys.PROCESS_POOL.key(),
                        s.get(Keys.PROCESS_POOL));
                new ProcessMaster(bootstrap, reactor, pool, pipe()).run();
            }
            case MANAGER -> Manager.runManager(bootstrap);
            case WORKER -> new ProcessWorker(bootstrap, Providers.select(ReactorProvider.class, Keys.REACTOR.key(),
                    bootstrap.providerName(Keys.REACTOR)), pipe()).run();
            case TASK_WORKER -> new TaskWorker(bootstrap, Providers.select(ReactorProvider.class, Keys.REACTOR.key(),
                    bootstrap.providerName(Keys.REACTOR))).run();
            case USER -> new UserProcess(bootstrap, Providers.select(ReactorProvider.class, Keys.REACTOR.key(),
                    bootstrap.providerName(Keys.REACTOR))).run();
        }
    }

    /** Refuses what process mode cannot honour yet. */
    @Override
    public void check(Server server) {
        if (server.settings().isSet(Keys.BUFFER_INPUT)) {
            throw new SettingsException(Keys.BUFFER_INPUT.key(), "buffer_input is not supported yet: packets reach"
                    + " the workers over the " + PIPE + " pipes; leave it unset");
        }
    }

    private static PipeProvider pipe() {
        return Providers.select(PipeProvider.class, "process mode pipe", PIPE);
    }
}
