package io.jswoole.linux.libc;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/**
 * The calls of {@link io.jswoole.linux.DescriptorPassing} (a Unix {@code SOCK_SEQPACKET} socket
 * that hands descriptors to whoever connects, with {@code SCM_RIGHTS}) that take their address or
 * option from a Java array; the others are {@link SocketCalls}.
 */
public interface PassingCalls {

    @SaveError
    int bind(int fd, @In byte[] address, int addressLength);

    @SaveError
    int connect(int fd, @In byte[] address, int addressLength);

    @SaveError
    int setsockopt(int fd, int level, int name, @In byte[] value, int valueLength);
}
