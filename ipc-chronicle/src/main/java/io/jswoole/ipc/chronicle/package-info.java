/**
 * The {@code chronicle} Pipe provider: {@link io.jswoole.ipc.chronicle.ChroniclePipeProvider}
 * listens and connects; a channel writes each message into its outbound ring (or, when the ring is
 * full or the message too large for it, its outbound Chronicle queue) and reads the inbound pair;
 * {@link io.jswoole.ipc.chronicle.ChronicleJvm} says what a JVM needs to run Chronicle.
 */
package io.jswoole.ipc.chronicle;
