package io.jswoole.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of IP addresses and CIDR networks as a setting spells it ({@code proxy_protocol_sources}):
 * entries such as {@code 10.0.0.5}, {@code 10.0.0.0/8} or {@code 2001:db8::/32}, separated by
 * commas or spaces. Only literals: a host name is refused, never looked up. An empty list
 * contains nothing; what that means is the setting's to say.
 */
public final class Networks {
    private static final Networks NONE = new Networks(List.of());

    private final List<Network> networks;

    private Networks(List<Network> networks) {
        this.networks = networks;
    }

    /**
     * Reads a list.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or network
     */
    public static Networks parse(String text) {
        List<Network> list = new ArrayList<>();
        for (String entry : text.trim().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                list.add(Network.parse(entry));
            }
        }
        return list.isEmpty() ? NONE : new Networks(List.copyOf(list));
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /** Whether {@code address} is one of the addresses or lies in one of the networks. */
    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Network n : networks) {
            if (n.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(",", networks.stream().map(Network::toString).toList());
    }

    /**
     * The address {@code text} spells as an IPv4 or IPv6 literal ({@code 192.0.2.1},
     * {@code 2001:db8::1}), or null when it is not one; never asks a name service.
     */
    public static InetAddress literal(String text) {
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

    /** One address ({@code prefix} all its bits) or network. */
    private record Network(byte[] address, int prefix, String text) {

        static Network parse(String entry) {
            int slash = entry.indexOf('/');
            InetAddress a = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (a == null || entry.indexOf('%') >= 0) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or network");
            }
            int bits = a.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String p = entry.substring(slash + 1);
                if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
                    throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0.." + bits);
                }
                prefix = Integer.parseInt(p);
            }
            return new Network(a.getAddress(), prefix, entry);
        }

        boolean contains(byte[] other) {
            if (other.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (other[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF00 >> rest & 0xFF;
            return (other[full] & mask) == (address[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
