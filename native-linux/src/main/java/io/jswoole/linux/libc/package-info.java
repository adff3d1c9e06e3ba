/**
 * The raw C library binding behind {@link io.jswoole.linux.UnixDatagram}. Exported only because
 * jnr-ffi requires it; not part of jswoole's API.
 */
package io.jswoole.linux.libc;
