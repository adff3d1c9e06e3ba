/**
 * jswoole's shared machinery: the one event loop over the Reactor SPI, connections with bounded
 * output buffers, framing, process supervision, task workers and metrics, used by the two modes
 * (the Factory providers) and the launcher. None of it is API: each package is exported only to
 * the modules built on it.
 */
module io.jswoole.core {
    requires transitive io.jswoole.api;
    requires io.jswoole.linux;
    requires jdk.unsupported;

    exports io.jswoole.core.loop to io.jswoole.factory.base, io.jswoole.factory.process, io.jswoole.launcher;
    exports io.jswoole.core.net to io.jswoole.factory.base, io.jswoole.factory.process;
    exports io.jswoole.core.frame to io.jswoole.factory.process;
    exports io.jswoole.core.util to io.jswoole.factory.base, io.jswoole.factory.process, io.jswoole.launcher,
            io.jswoole.process.jvm;
    exports io.jswoole.core.process to io.jswoole.factory.base, io.jswoole.factory.process, io.jswoole.launcher;
    exports io.jswoole.core.pipe to io.jswoole.factory.process;
    exports io.jswoole.core.task to io.jswoole.factory.base, io.jswoole.factory.process;
    exports io.jswoole.core.role to io.jswoole.factory.base, io.jswoole.factory.process;
    exports io.jswoole.core.metrics to io.jswoole.factory.base, io.jswoole.factory.process, io.jswoole.launcher;
}
