/**
 * POSIX calls through jnr-posix ({@link io.jswoole.linux.Posix}) and the errno values, names and
 * exceptions of Linux ({@link io.jswoole.linux.Errno}, {@link io.jswoole.linux.Errors},
 * {@link io.jswoole.linux.NativeIoException}).
 */
package io.jswoole.linux;
