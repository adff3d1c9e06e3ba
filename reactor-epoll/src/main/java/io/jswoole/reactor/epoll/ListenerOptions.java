package io.jswoole.reactor.epoll;

import io.jswoole.linux.Errno;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Setting;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.reactor.SocketOptions;
import java.io.IOException;

/**
 * Applies a port's {@link SocketOptions} to a socket before it is bound. Every option is set on
 * the listener itself: Linux copies TCP_NODELAY, SO_KEEPALIVE and its timings, TCP_USER_TIMEOUT
 * and the buffer sizes to each connection it accepts, so accepting costs no further system call.
 * An option the kernel refuses fails with a {@link SettingsException} naming its setting; options
 * that do not apply to the socket type (TCP options on a Unix socket) are skipped.
 */
final class ListenerOptions {
    /** The TCP Fast Open queue: connections with data in their SYN not yet accepted. */
    static final int FAST_OPEN_QUEUE = 128;

    private ListenerOptions() {
    }

    /** Configures an unbound TCP listener. */
    static void tcpListener(int fd, boolean ipv6, SocketOptions o) throws IOException {
        Sockopt.set(fd, Linux.SOL_SOCKET, Linux.SO_REUSEADDR, 1, "SO_REUSEADDR");
        inet(fd, ipv6, o);
        buffers(fd, o);
        if (o.tcpNoDelay()) {
            set(fd, Linux.IPPROTO_TCP, Linux.TCP_NODELAY, 1, Keys.OPEN_TCP_NODELAY, "TCP_NODELAY");
        }
        if (o.keepAlive()) {
            set(fd, Linux.SOL_SOCKET, Linux.SO_KEEPALIVE, 1, Keys.OPEN_TCP_KEEPALIVE, "SO_KEEPALIVE");
            set(fd, Linux.IPPROTO_TCP, Linux.TCP_KEEPIDLE, o.keepIdleSeconds(), Keys.TCP_KEEPIDLE, "TCP_KEEPIDLE");
            set(fd, Linux.IPPROTO_TCP, Linux.TCP_KEEPINTVL, o.keepIntervalSeconds(), Keys.TCP_KEEPINTERVAL,
                    "TCP_KEEPINTVL");
            set(fd, Linux.IPPROTO_TCP, Linux.TCP_KEEPCNT, o.keepCount(), Keys.TCP_KEEPCOUNT, "TCP_KEEPCNT");
        }
        if (o.deferAcceptSeconds() > 0) {
            set(fd, Linux.IPPROTO_TCP, Linux.TCP_DEFER_ACCEPT, o.deferAcceptSeconds(), Keys.TCP_DEFER_ACCEPT,
                    "TCP_DEFER_ACCEPT");
        }
        if (o.fastOpen()) {
            set(fd, Linux.IPPROTO_TCP, Linux.TCP_FASTOPEN, FAST_OPEN_QUEUE, Keys.TCP_FASTOPEN, "TCP_FASTOPEN");
        }
        if (o.userTimeoutMillis() > 0) {
            set(fd, Linux.IPPROTO_TCP, Linux.TCP_USER_TIMEOUT, o.userTimeoutMillis(), Keys.TCP_USER_TIMEOUT,
                    "TCP_USER_TIMEOUT");
        }
    }

    /** Configures an unbound Unix stream listener or Unix datagram socket. */
    static void unix(int fd, SocketOptions o) {
        buffers(fd, o);
    }

    /** Configures an unbound UDP socket. */
    static void udp(int fd, boolean ipv6, SocketOptions o) throws IOException {
        inet(fd, ipv6, o);
        buffers(fd, o);
    }

    private static void inet(int fd, boolean ipv6, SocketOptions o) throws IOException {
        if (ipv6) {
            // Dual stack, as the JDK's sockets: "::" also takes IPv4, reported as IPv4 addresses.
            Sockopt.set(fd, Linux.IPPROTO_IPV6, Linux.IPV6_V6ONLY, 0, "IPV6_V6ONLY");
        }
        if (o.reusePort()) {
            set(fd, Linux.SOL_SOCKET, Linux.SO_REUSEPORT, 1, Keys.ENABLE_REUSE_PORT, "SO_REUSEPORT");
        }
    }

    private static void buffers(int fd, SocketOptions o) {
        // Before bind and listen: the receive buffer fixes the TCP window scale of accepted connections.
        if (o.receiveBufferSize() > 0) {
            set(fd, Linux.SOL_SOCKET, Linux.SO_RCVBUF, o.receiveBufferSize(), Keys.KERNEL_SOCKET_RECV_BUFFER_SIZE,
                    "SO_RCVBUF");
        }
        if (o.sendBufferSize() > 0) {
            set(fd, Linux.SOL_SOCKET, Linux.SO_SNDBUF, o.sendBufferSize(), Keys.KERNEL_SOCKET_SEND_BUFFER_SIZE,
                    "SO_SNDBUF");
        }
    }

    private static void set(int fd, int level, int name, int value, Setting<?> setting, String option) {
        String key = setting.key();
        int errno = Sockopt.trySet(fd, level, name, value);
        if (errno != 0) {
            throw new SettingsException(key, key + ": setsockopt(" + option + ", " + value + ") failed: "
                    + Errno.name(errno));
        }
    }
}
