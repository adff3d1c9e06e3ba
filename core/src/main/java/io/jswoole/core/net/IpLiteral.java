package io.jswoole.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

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
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            return ipv6(text);
        }
        byte[] v4 = dottedQuad(text);
        if (v4 == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an IPv4 address", e);
        }
    }

    /** The log line for a refused address: {@code call} takes IP addresses only. */
    public static String refusal(String call, String address) {
        return call + ": \"" + address + "\" is not an IP address; " + call
                + " takes an IPv4 or IPv6 address, not a host name (resolve it off the event loop first)";
    }

    /** Four decimal numbers 0..255 separated by dots, as inet_pton reads them; null otherwise. */
    private static byte[] dottedQuad(String text) {
        byte[] b = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else if (c == '.' && value >= 0 && part < 3) {
                b[part++] = (byte) value;
                value = -1;
            } else {
                return null;
            }
        }
        if (part != 3 || value < 0) {
            return null;
        }
        b[3] = (byte) value;
        return b;
    }

    /**
     * The JDK reads a string with a colon as an IPv6 literal only (it never looks such a string
     * up), so it is safe to hand over once the characters are those of a literal.
     */
    private static InetAddress ipv6(String text) {
        int zone = text.indexOf('%');
        String address = zone < 0 ? text : text.substring(0, zone);
        if (address.indexOf(':') < 0) {
            return null;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return null;
            }
        }
        try {
            return InetAddress.getByName(text); // an IPv4-mapped address comes back as IPv4
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
