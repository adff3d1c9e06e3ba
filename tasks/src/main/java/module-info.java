/**
 * Task workers and user processes with their links to the workers (over any Pipe provider), and
 * the role switch every mode shares. Not API: exported only to the modes.
 */
@SuppressWarnings("module") // exported to modules built later, which this build does not see yet
module io.jswoole.tasks {
    requires transitive io.jswoole.api;
    requires io.jswoole.core;
    requires io.jswoole.supervision;
    requires io.jswoole.linux;

    exports io.jswoole.tasks to io.jswoole.factory.base, io.jswoole.factory.process;
    exports io.jswoole.tasks.role to io.jswoole.factory.base, io.jswoole.factory.process;

    provides io.jswoole.spi.process.ProcessModel with io.jswoole.tasks.role.RoleRunner;
}
