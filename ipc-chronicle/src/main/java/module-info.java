/**
 * The {@code chronicle} Pipe provider: each link is two Chronicle queues memory-mapped by both
 * processes, and a Unix stream socket that serves as doorbell and death notice.
 * See {@link io.jswoole.ipc.chronicle.ChroniclePipeProvider}.
 *
 * <p>Chronicle's jars carry no module descriptor: they are automatic modules, and
 * {@link io.jswoole.ipc.chronicle.ChronicleJvm#options()} names the options a JVM needs for them.
 */
module io.jswoole.ipc.chronicle {
    requires transitive io.jswoole.api;
    requires java.logging;
    requires jdk.unsupported;
    requires chronicle.queue;
    requires chronicle.wire;
    requires chronicle.bytes;
    requires chronicle.core;

    exports io.jswoole.ipc.chronicle;

    provides io.jswoole.spi.pipe.PipeProvider with io.jswoole.ipc.chronicle.ChroniclePipeProvider;
}
