package io.jswoole.supervision;

import io.jswoole.spi.ServerRuntime;
import java.util.Map;

/**
 * The server's methods that a master answers the same way in every mode: shutdown, its ports and
 * the pids. A mode's master runtime implements the rest.
 */
public interface MasterMethods extends ServerRuntime {
    /** The master's side of the process tree. */
    MasterProcess master();

    /** The port number bound for each listening port id. */
    Map<Integer, Integer> boundPorts();

    @Override
    default void shutdown() {
        master().shutdown();
    }

    @Override
    default int boundPort(int portId) {
        Integer p = boundPorts().get(portId);
        if (p == null) {
            throw new IllegalArgumentException("no listening port with id " + portId);
        }
        return p;
    }

    /** The master is no worker: -1, as in Swoole's master. */
    @Override
    default int workerId() {
        return -1;
    }

    @Override
    default long masterPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    default long managerPid() {
        return master().managerPid();
    }
}
