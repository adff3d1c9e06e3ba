/**
 * The {@code unixsock} Pipe provider: {@link io.jswoole.ipc.unixsock.UnixSockPipeProvider} listens
 * and connects, {@link io.jswoole.ipc.unixsock.UnixSockChannel} frames messages with a 12-byte
 * {@linkplain io.jswoole.ipc.unixsock.MessageHeader header} and batches many per system call.
 */
package io.jswoole.ipc.unixsock;
