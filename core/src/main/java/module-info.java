/**
 * jswoole's shared machinery: the one event loop over the Reactor SPI, connections with bounded
 * output buffers, framing, and the helpers every mode uses.
 */
module io.jswoole.core {
    requires transitive io.jswoole.api;
    requires io.jswoole.linux;
    requires jdk.unsupported;

    exports io.jswoole.core.loop;
    exports io.jswoole.core.net;
    exports io.jswoole.core.frame;
    exports io.jswoole.core.util;
    exports io.jswoole.core.process;
    exports io.jswoole.core.pipe;
    exports io.jswoole.core.task;
    exports io.jswoole.core.metrics;
}
