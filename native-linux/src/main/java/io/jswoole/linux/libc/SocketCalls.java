package io.jswoole.linux.libc;

import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The epoll, eventfd and socket calls (the {@code epoll} reactor's), bound by jnr-ffi. Not API: it is public,
 * in an exported package, only because jnr-ffi generates its implementation in a class loader of
 * its own, which must be able to see it (also on the module path).
 *
 * <p>Pointers are passed as raw addresses ({@code @intptr_t long}) into memory the caller owns, so
 * a call allocates nothing. The library is loaded with errno saving off; the functions whose errno
 * the caller needs carry {@link SaveError}, and their errno is read with
 * {@code io.jswoole.linux.Errors#lastErrno()} right after the call.
 *
 * <p>No function here takes six integer arguments: jnr-ffi 2.2.17's x86_64 call stubs pass the
 * return address as the sixth one. So datagrams go through {@code recvmsg}/{@code sendmsg}
 * rather than {@code recvfrom}/{@code sendto}.
 */
public interface SocketCalls {

    @SaveError
    int epoll_create1(int flags);

    @SaveError
    int epoll_ctl(int epfd, int op, int fd, @intptr_t long event);

    @SaveError
    int epoll_wait(int epfd, @intptr_t long events, int maxEvents, int timeoutMillis);

    @SaveError
    int eventfd(int initialValue, int flags);

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, @intptr_t long address, int addressLength);

    @SaveError
    int listen(int fd, int backlog);

    @SaveError
    int accept4(int fd, @intptr_t long address, @intptr_t long addressLength, int flags);

    @SaveError
    int connect(int fd, @intptr_t long address, int addressLength);

    @SaveError
    @ssize_t
    long read(int fd, @intptr_t long buffer, @size_t long count);

    /** {@code write} with errno ignored: for the eventfd, where a failure changes nothing. */
    @ssize_t
    long write(int fd, @intptr_t long buffer, @size_t long count);

    @SaveError
    @ssize_t
    long send(int fd, @intptr_t long buffer, @size_t long length, int flags);

    @SaveError
    @ssize_t
    long sendmsg(int fd, @intptr_t long message, int flags);

    @SaveError
    @ssize_t
    long recvmsg(int fd, @intptr_t long message, int flags);

    @SaveError
    int shutdown(int fd, int how);

    /** {@code close} with errno ignored: the descriptor is released whatever it returns. */
    int close(int fd);

    @SaveError
    int setsockopt(int fd, int level, int name, @intptr_t long value, int valueLength);

    @SaveError
    int getsockopt(int fd, int level, int name, @intptr_t long value, @intptr_t long valueLength);

    @SaveError
    int getsockname(int fd, @intptr_t long address, @intptr_t long addressLength);

    @SaveError
    int getpeername(int fd, @intptr_t long address, @intptr_t long addressLength);

    @SaveError
    int fcntl(int fd, int command, int argument);
}
