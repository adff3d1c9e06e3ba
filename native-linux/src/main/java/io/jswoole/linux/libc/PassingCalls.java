package io.jswoole.linux.libc;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.ssize_t;

/**
 * The calls of {@link io.jswoole.linux.DescriptorPassing}: a Unix {@code SOCK_SEQPACKET} socket
 * that hands descriptors to whoever connects, with {@code SCM_RIGHTS}.
 */
public interface PassingCalls {

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, @In byte[] address, int addressLength);

    @SaveError
    int listen(int fd, int backlog);

    @SaveError
    int accept4(int fd, @intptr_t long address, @intptr_t long addressLength, int flags);

    @SaveError
    int connect(int fd, @In byte[] address, int addressLength);

    @SaveError
    @ssize_t
    long sendmsg(int fd, @intptr_t long message, int flags);

    @SaveError
    @ssize_t
    long recvmsg(int fd, @intptr_t long message, int flags);

    @SaveError
    int setsockopt(int fd, int level, int name, @In byte[] value, int valueLength);

    @SaveError
    int shutdown(int fd, int how);

    int close(int fd);
}
