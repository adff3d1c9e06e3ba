/**
 * The raw C library bindings of jswoole's one native layer ({@link io.jswoole.linux.Libc}): the
 * socket, epoll and eventfd calls, the System V message queue calls, and those behind
 * {@link io.jswoole.linux.UnixDatagram}, {@link io.jswoole.linux.DescriptorPassing} and
 * {@link io.jswoole.linux.Identity}. Exported only because jnr-ffi requires it; not part of
 * jswoole's API.
 */
package io.jswoole.linux.libc;
