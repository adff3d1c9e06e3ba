package io.jswoole.tasks;

import io.jswoole.event.ProcessHandler;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.reactor.ReactorProvider;
import java.io.IOException;

/**
 * A user process ({@code Server.addProcess}): runs its body on its event loop, then serves
 * timers and messages from the workers for as long as it has any. Like Swoole's process, which
 * runs its callback and then its event loop until nothing is left on it, the process ends once
 * its body has returned and nothing keeps it: no timer it set is pending, no onPipeMessage can
 * receive messages, and no thread the application started still runs. The manager then starts
 * it again, as it does when the body throws (with a growing delay when it keeps ending at once).
 */
public final class UserProcess extends PeerProcess {
    /** How often a process whose body has returned looks whether anything still keeps it. */
    private static final long IDLE_CHECK_MILLIS = 200;

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
        loop.tick(IDLE_CHECK_MILLIS, timerId -> {
            if (!stopping() && nothingLeft()) {
                Log.info("user process " + id + ": its body has returned and no timer, onPipeMessage or thread of"
                        + " its own keeps it; ending, the manager starts it again");
                loop.clearTimer(timerId);
                stop(false);
            }
        });
    }

    private boolean nothingLeft() {
        return server.events().onPipeMessage() == null && !applicationTimerPending() && !applicationThreadRunning();
    }

    /** Whether a thread other than this loop's still runs that would keep a plain JVM alive (not a daemon). */
    private static boolean applicationThreadRunning() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != Thread.currentThread() && t.isAlive() && !t.isDaemon() && !"DestroyJavaVM".equals(t.getName())) {
                return true;
            }
        }
        return false;
    }
}
