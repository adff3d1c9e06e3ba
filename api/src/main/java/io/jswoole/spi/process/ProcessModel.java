package io.jswoole.spi.process;

import io.jswoole.spi.FactoryProvider;
import io.jswoole.spi.Provider;
import io.jswoole.spi.ServerBootstrap;

/**
 * The process model every mode shares: runs the role this process plays (master, manager,
 * worker, task worker, user process), taking from the mode's {@link io.jswoole.spi.Factory} only
 * how the master and the workers serve. One implementation ships with jswoole ({@code swoole}); it
 * is found like the other providers ({@link io.jswoole.spi.Providers}), so that a child process
 * constructs the one its master found without scanning the class path again.
 */
public interface ProcessModel extends Provider {

    /** Runs {@code bootstrap}'s role with {@code mode} until this process's part of the server ends. */
    void run(ServerBootstrap bootstrap, FactoryProvider mode) throws Exception;
}
