/**
 * The {@code msgqueue} Pipe provider: one System V message queue per server, shared by all its
 * processes, for {@code task_ipc_mode} 2 and 3, called through the shared C library binding of io.jswoole.linux. See
 * {@link io.jswoole.ipc.msgqueue.MsgQueuePipeProvider}.
 */
module io.jswoole.ipc.msgqueue {
    requires io.jswoole.api;
    requires io.jswoole.linux;

    provides io.jswoole.spi.pipe.PipeProvider with io.jswoole.ipc.msgqueue.MsgQueuePipeProvider;
}
