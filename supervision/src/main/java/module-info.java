/**
 * The process tree every mode shares: the master's side of it, the manager that spawns and
 * restarts workers, the process table, run directory and pid file, daemonizing, systemd,
 * upgrades and privileges, and the metrics file every process records into with the admin
 * endpoint that reads it. Not API: exported only to the modules built on it.
 */
@SuppressWarnings("module") // exported to modules built later, which this build does not see yet
module io.jswoole.supervision {
    requires transitive io.jswoole.api;
    requires io.jswoole.core;
    requires io.jswoole.linux;

    exports io.jswoole.supervision to io.jswoole.tasks, io.jswoole.factory.base, io.jswoole.factory.process,
            io.jswoole.launcher;
    exports io.jswoole.supervision.metrics to io.jswoole.tasks, io.jswoole.factory.base, io.jswoole.factory.process,
            io.jswoole.launcher;
}
