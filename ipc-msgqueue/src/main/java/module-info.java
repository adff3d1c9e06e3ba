/**
 * The {@code msgqueue} Pipe provider: one System V message queue per server, shared by all its
 * processes, for {@code task_ipc_mode} 2 and 3, called through jnr-ffi. See
 * {@link io.jswoole.ipc.msgqueue.MsgQueuePipeProvider}.
 */
module io.jswoole.ipc.msgqueue {
    requires io.jswoole.api;
    requires io.jswoole.linux;
    requires org.jnrproject.ffi;
    // jnr-ffi is an automatic module and declares nothing; it generates its bindings with ASM,
    // which the module path resolves only when some module requires it.
    requires org.objectweb.asm;

    // jnr-ffi implements the binding in a class loader of its own, which must see the interface.
    exports io.jswoole.ipc.msgqueue.libc;

    provides io.jswoole.spi.pipe.PipeProvider with io.jswoole.ipc.msgqueue.MsgQueuePipeProvider;
}
