package io.jswoole;

/** The kinds of listening socket, as Swoole's {@code SWOOLE_SOCK_*} constants. */
public enum SocketType {
    /** TCP over IPv4 ({@code SWOOLE_SOCK_TCP}). */
    TCP(true),
    /** TCP over IPv6 ({@code SWOOLE_SOCK_TCP6}). */
    TCP6(true),
    /** UDP over IPv4 ({@code SWOOLE_SOCK_UDP}). */
    UDP(false),
    /** UDP over IPv6 ({@code SWOOLE_SOCK_UDP6}). */
    UDP6(false),
    /** A Unix stream socket; the host is the socket file's path ({@code SWOOLE_SOCK_UNIX_STREAM}). */
    UNIX_STREAM(true),
    /** A Unix datagram socket; the host is the socket file's path ({@code SWOOLE_SOCK_UNIX_DGRAM}). */
    UNIX_DGRAM(false);

    private final boolean stream;

    SocketType(boolean stream) {
        this.stream = stream;
    }

    /** Connection-oriented (onConnect/onReceive/onClose) rather than datagram (onPacket). */
    public boolean isStream() {
        return stream;
    }

    /** A Unix domain socket, addressed by a path rather than host and port. */
    public boolean isUnix() {
        return this == UNIX_STREAM || this == UNIX_DGRAM;
    }
}
