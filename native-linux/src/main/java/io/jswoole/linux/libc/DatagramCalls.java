package io.jswoole.linux.libc;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The C library functions behind {@link io.jswoole.linux.UnixDatagram}, bound by jnr-ffi. Not API:
 * it is public, in an exported package, only because jnr-ffi generates its implementation in a
 * class loader of its own, which must be able to see it.
 *
 * <p>A datagram goes out with {@code connect} and {@code send} rather than {@code sendto}: jnr-ffi
 * 2.2.17's x86_64 call stubs pass the return address as a sixth integer argument.
 */
public interface DatagramCalls {

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int connect(int fd, @In byte[] address, int addressLength);

    @SaveError
    int bind(int fd, @In byte[] address, int addressLength);

    @SaveError
    @ssize_t
    long send(int fd, @In byte[] buffer, @size_t long length, int flags);

    @SaveError
    @ssize_t
    long recv(int fd, @Out byte[] buffer, @size_t long length, int flags);

    @SaveError
    int setsockopt(int fd, int level, int name, @In byte[] value, int valueLength);

    /** {@code close} with errno ignored: the descriptor is released whatever it returns. */
    int close(int fd);
}
