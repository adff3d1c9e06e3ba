package io.jswoole.linux.libc;

/**
 * The epoll, eventfd and socket calls (the {@code epoll} reactor's), one JNI function each in
 * jswoole's native library ({@link NativeLibrary}). Not API.
 *
 * <p>Pointers are passed as raw addresses ({@code long}) into memory the caller owns, so a call
 * allocates nothing. A call that fails returns -1 and leaves its errno for
 * {@code io.jswoole.linux.Errors#lastErrno()}, read right after the call on the same thread.
 */
public final class SocketCalls {
    SocketCalls() { // made once, by NativeLibrary, after the library is loaded
    }

    public native int epoll_create1(int flags);

    public native int epoll_ctl(int epfd, int op, int fd, long event);

    public native int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis);

    public native int eventfd(int initialValue, int flags);

    public native int socket(int domain, int type, int protocol);

    public native int bind(int fd, long address, int addressLength);

    public native int listen(int fd, int backlog);

    public native int accept4(int fd, long address, long addressLength, int flags);

    public native int connect(int fd, long address, int addressLength);

    public native long read(int fd, long buffer, long count);

    /** {@code write} with errno ignored: for the eventfd, where a failure changes nothing. */
    public native long write(int fd, long buffer, long count);

    public native long send(int fd, long buffer, long length, int flags);

    public native long sendmsg(int fd, long message, int flags);

    public native long recvmsg(int fd, long message, int flags);

    public native int shutdown(int fd, int how);

    /** {@code close} with errno ignored: the descriptor is released whatever it returns. */
    public native int close(int fd);

    public native int setsockopt(int fd, int level, int name, long value, int valueLength);

    public native int getsockopt(int fd, int level, int name, long value, long valueLength);

    public native int getsockname(int fd, long address, long addressLength);

    public native int getpeername(int fd, long address, long addressLength);

    public native int fcntl(int fd, int command, int argument);
}
