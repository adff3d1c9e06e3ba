/**
 * The {@code chronicle} Pipe provider: {@link io.jswoole.ipc.chronicle.ChroniclePipeProvider}
 * listens and connects; a channel appends each message to its outbound queue and reads the inbound
 * one; {@link io.jswoole.ipc.chronicle.ChronicleJvm} says what a JVM needs to run Chronicle.
 */
package io.jswoole.ipc.chronicle;
