/**
 * The raw C library binding of the {@code msgqueue} Pipe provider. Exported only because jnr-ffi
 * requires it; not part of jswoole's API.
 */
package io.jswoole.ipc.msgqueue.libc;
