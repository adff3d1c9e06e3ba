/**
 * The raw C library calls of jswoole's one native layer ({@link io.jswoole.linux.Libc}): the
 * socket, epoll and eventfd calls, the System V message queue calls, and those behind
 * {@link io.jswoole.linux.UnixDatagram}, {@link io.jswoole.linux.DescriptorPassing},
 * {@link io.jswoole.linux.Posix} and {@link io.jswoole.linux.CpuAffinity}, each a JNI function of
 * the library {@link io.jswoole.linux.libc.NativeLibrary} loads. Exported for jswoole's own
 * modules; not part of its API.
 */
package io.jswoole.linux.libc;
