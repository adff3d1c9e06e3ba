package io.jswoole.linux.libc;

/**
 * The calls of {@link io.jswoole.linux.DescriptorPassing} (a Unix {@code SOCK_SEQPACKET} socket
 * that hands descriptors to whoever connects, with {@code SCM_RIGHTS}) that take their address or
 * option from a Java array; the others are {@link SocketCalls}. Errno as in {@link SocketCalls}.
 */
public final class PassingCalls {
    PassingCalls() { // made once, by NativeLibrary, after the library is loaded
    }

    public native int bind(int fd, byte[] address, int addressLength);

    public native int connect(int fd, byte[] address, int addressLength);

    public native int setsockopt(int fd, int level, int name, byte[] value, int valueLength);
}
