/**
 * The {@code loopback} Pipe provider, a worked example of a custom IPC for task workers:
 * {@link io.jswoole.example.ipc.loopback.LoopbackPipeProvider} listens on 127.0.0.1 behind a
 * secret and connects, {@code LoopbackListener} admits only connections that send the secret, and
 * {@code LoopbackChannel} frames messages and batches many per write.
 */
package io.jswoole.example.ipc.loopback;
