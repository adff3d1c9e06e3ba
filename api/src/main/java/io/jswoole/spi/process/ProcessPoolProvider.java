package io.jswoole.spi.process;

import io.jswoole.spi.Provider;
import java.io.IOException;

/**
 * Starts the server's child processes: each a new JVM that re-runs the application's entry point
 * with a role marker (manager, worker, task worker, user process) and an id, with the same class
 * or module path, JVM options and chosen providers. Chosen by the {@code process_pool} setting.
 *
 * <p>A child gets the parent's environment without systemd's variables for the master
 * ({@code NOTIFY_SOCKET}, {@code LISTEN_FDS}, {@code LISTEN_PID}, {@code LISTEN_FDNAMES}): only the
 * master notifies systemd and takes over the sockets it passed.
 */
public interface ProcessPoolProvider extends Provider {

    /** Starts one child; returns once the process exists (not once it is ready). */
    ChildProcess spawn(ChildSpec spec) throws IOException;
}
