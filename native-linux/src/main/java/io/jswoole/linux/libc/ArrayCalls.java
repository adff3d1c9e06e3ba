package io.jswoole.linux.libc;

/**
 * The socket calls whose address, option or data is a Java array: those of
 * {@link io.jswoole.linux.UnixDatagram} and {@link io.jswoole.linux.DescriptorPassing}, off the hot
 * path (the others are {@link SocketCalls}). Errno as in {@link SocketCalls}. Not API.
 */
public final class ArrayCalls {
    ArrayCalls() { // made once, by NativeLibrary, after the library is loaded
    }

    public native int connect(int fd, byte[] address, int addressLength);

    public native int bind(int fd, byte[] address, int addressLength);

    public native long send(int fd, byte[] buffer, long length, int flags);

    public native long recv(int fd, byte[] buffer, long length, int flags);

    public native int setsockopt(int fd, int level, int name, byte[] value, int valueLength);
}
