/**
 * An example of a custom Pipe provider: {@code task_ipc_mode=loopback} carries tasks and their
 * results over TCP on 127.0.0.1. See {@link io.jswoole.example.ipc.loopback.LoopbackPipeProvider}.
 */
module io.jswoole.example.ipc.loopback {
    requires io.jswoole.api;

    provides io.jswoole.spi.pipe.PipeProvider with io.jswoole.example.ipc.loopback.LoopbackPipeProvider;
}
