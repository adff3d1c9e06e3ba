package io.jswoole.examples;

import io.jswoole.SocketType;

/** Picks the IPv4 or IPv6 socket type from the host an example is given. */
final class Sockets {
    private Sockets() {
    }

    static boolean isIpv6(String host) {
        return host.contains(":");
    }

    static SocketType tcp(String host) {
        return isIpv6(host) ? SocketType.TCP6 : SocketType.TCP;
    }

    static SocketType udp(String host) {
        return isIpv6(host) ? SocketType.UDP6 : SocketType.UDP;
    }

    /** {@code args[0]} as the host, or the default. */
    static String host(String[] args) {
        return args.length > 0 ? args[0] : Examples.DEFAULT_HOST;
    }

    /** {@code args[1]} as the port, or the default. */
    static int port(String[] args) {
        return args.length > 1 ? Integer.parseInt(args[1]) : Examples.DEFAULT_PORT;
    }
}
