package io.jswoole.core.net;

import io.jswoole.settings.Networks;
import java.net.InetAddress;

/**
 * Reads an IP address written as a literal ({@code 192.0.2.1}, {@code 2001:db8::1}) and never
 * asks a name service: a host name is refused, not resolved. {@code sendto} takes only
 * addresses, as Swoole's does, because a DNS lookup would block the event loop it runs on.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /** The address {@code text} spells, or {@code null} when it is not an IPv4 or IPv6 literal. */
    public static InetAddress parse(String text) {
        return Networks.literal(text);
    }

    /** The log line for a refused address: {@code call} takes IP addresses only. */
    public static String refusal(String call, String address) {
        return call + ": \"" + address + "\" is not an IP address; " + call
                + " takes an IPv4 or IPv6 address, not a host name (resolve it off the event loop first)";
    }
}
