/**
 * The raw C library binding of the {@code epoll} reactor. Exported only because jnr-ffi requires
 * it; not part of jswoole's API.
 */
package io.jswoole.reactor.epoll.libc;
