package io.jswoole.linux.libc;

/**
 * The C library functions behind {@link io.jswoole.linux.UnixDatagram}, with their addresses and
 * data in Java arrays. Errno as in {@link SocketCalls}. Not API.
 */
public final class DatagramCalls {
    DatagramCalls() { // made once, by NativeLibrary, after the library is loaded
    }

    public native int socket(int domain, int type, int protocol);

    public native int connect(int fd, byte[] address, int addressLength);

    public native int bind(int fd, byte[] address, int addressLength);

    public native long send(int fd, byte[] buffer, long length, int flags);

    public native long recv(int fd, byte[] buffer, long length, int flags);

    public native int setsockopt(int fd, int level, int name, byte[] value, int valueLength);

    /** {@code close} with errno ignored: the descriptor is released whatever it returns. */
    public native int close(int fd);
}
