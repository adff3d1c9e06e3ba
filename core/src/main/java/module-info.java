/**
 * jswoole's event loop, written once over the Reactor SPI, with connections and their bounded
 * output, framing, and the helpers every process uses (signals, process trees). None of it is
 * API: each package is exported only to the modules built on it.
 */
@SuppressWarnings("module") // exported to modules built later, which this build does not see yet
module io.jswoole.core {
    requires transitive io.jswoole.api;
    requires io.jswoole.linux;
    requires jdk.unsupported;

    exports io.jswoole.core.loop to io.jswoole.supervision, io.jswoole.tasks, io.jswoole.factory.base,
            io.jswoole.factory.process, io.jswoole.launcher;
    exports io.jswoole.core.net to io.jswoole.supervision, io.jswoole.tasks, io.jswoole.factory.base,
            io.jswoole.factory.process;
    exports io.jswoole.core.frame to io.jswoole.factory.process;
    exports io.jswoole.core.util to io.jswoole.supervision, io.jswoole.tasks, io.jswoole.factory.base,
            io.jswoole.factory.process, io.jswoole.launcher, io.jswoole.process.jvm;
    exports io.jswoole.core.pipe to io.jswoole.tasks, io.jswoole.factory.process;
}
