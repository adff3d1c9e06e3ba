package io.jswoole.factory.process;

import io.jswoole.ClientInfo;
import io.jswoole.core.net.Heartbeat;
import io.jswoole.spi.ServerRuntime;

/**
 * The server's queries that process mode answers from the connection table the master shares with
 * its workers, the same in the master and in a worker; only how an idle connection is closed
 * differs (the master's own reactor thread, or a message on a worker's pipe to it).
 */
interface SharedTableQueries extends ServerRuntime {

    /** The shared connection table. */
    SharedConnectionTable shared();

    /** The heartbeat settings of the server's ports. */
    Heartbeat heartbeatSettings();

    /** Has the reactor thread that owns connection {@code fd} close it at once, as the server. */
    void closeIdle(int fd);

    @Override
    default boolean exists(int fd) {
        return shared().exists(fd);
    }

    @Override
    default ClientInfo clientInfo(int fd) {
        return shared().info(fd);
    }

    @Override
    default int[] clientList(int startFd, int pageSize) {
        return shared().list(startFd, pageSize);
    }

    /** The idle connections, from the shared table; with {@code close}, each closed by its reactor thread. */
    @Override
    default int[] heartbeat(boolean close) {
        int[] idle = shared().idle(heartbeatSettings(), Heartbeat.now());
        if (close) {
            for (int fd : idle) {
                closeIdle(fd);
            }
        }
        return idle;
    }
}
