/**
 * Base mode (Swoole's {@code SWOOLE_BASE}): every worker runs its own event loop, accepts on the
 * listening sockets and calls the callbacks itself, so a request never crosses a process boundary.
 */
module io.jswoole.factory.base {
    requires io.jswoole.core;
    requires io.jswoole.supervision;
    requires io.jswoole.tasks;

    provides io.jswoole.spi.FactoryProvider with io.jswoole.factory.base.BaseFactoryProvider;
}
