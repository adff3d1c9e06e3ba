/**
 * Process mode (Swoole's {@code SWOOLE_PROCESS}): the master's reactor threads own every client
 * connection and hand packets to worker processes over pipes; workers only compute, so a worker
 * that crashes or reloads closes no connection.
 */
module io.jswoole.factory.process {
    requires io.jswoole.core;
    requires io.jswoole.supervision;
    requires io.jswoole.tasks;

    provides io.jswoole.spi.FactoryProvider with io.jswoole.factory.process.ProcessFactoryProvider;
}
