package io.jswoole.core.task;

import io.jswoole.event.ProcessHandler;
import io.jswoole.settings.Keys;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.reactor.ReactorProvider;
import java.io.IOException;

/**
 * A user process ({@code Server.addProcess}): runs its body on its event loop, then serves
 * timers and messages from the workers until the manager stops it. If the body throws, the
 * process exits with an error and the manager starts it again (with a growing delay).
 */
public final class UserProcess extends PeerProcess {

    public UserProcess(ServerBootstrap bootstrap, ReactorProvider reactor) throws IOException {
        super(bootstrap, reactor);
    }

    /** The user process id of the {@code index}-th added process. */
    public static int idOf(io.jswoole.Server server, int index) {
        return server.settings().get(Keys.WORKER_NUM) + server.settings().get(Keys.TASK_WORKER_NUM) + index;
    }

    @Override
    protected void started() throws Exception {
        int index = id - idOf(server, 0);
        ProcessHandler body = server.processes().get(index);
        body.run(server, id);
    }
}
