/**
 * The {@code msgqueue} Pipe provider: {@link io.jswoole.ipc.msgqueue.MsgQueuePipeProvider} creates
 * and opens one System V message queue per server, the {@link io.jswoole.spi.pipe.SharedQueue} of
 * {@code task_ipc_mode} 2 and 3; messages over {@code msgmax} travel through spill files.
 */
package io.jswoole.ipc.msgqueue;
