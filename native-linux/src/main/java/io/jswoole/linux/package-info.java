/**
 * POSIX calls ({@link io.jswoole.linux.Posix}), users and groups ({@link io.jswoole.linux.Identity},
 * whose names jnr-posix looks up) and the errno values, names and
 * exceptions of Linux ({@link io.jswoole.linux.Errno}, {@link io.jswoole.linux.Errors},
 * {@link io.jswoole.linux.NativeIoException}).
 */
package io.jswoole.linux;
