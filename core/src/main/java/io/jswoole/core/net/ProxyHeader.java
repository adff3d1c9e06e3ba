package io.jswoole.core.net;

import io.jswoole.core.frame.FrameException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the PROXY protocol header a load balancer sends first on a connection (HAProxy's
 * {@code send-proxy} and {@code send-proxy-v2}), version 1 or 2, told apart by the first byte. It
 * takes exactly the header's bytes from each input, however the header is split across reads,
 * and leaves what follows (the client's first data) in the input.
 *
 * <p>Version 1: {@code PROXY TCP4|TCP6|UNKNOWN src dst sport dport\r\n}, at most 107 bytes.
 * Version 2: the 12-byte signature, version and command, family and protocol, a 16-bit length and
 * that many bytes of addresses and TLVs (the TLVs are skipped, not kept). The client's address is
 * known for a {@code PROXY} command over IPv4 or IPv6; {@code LOCAL} (a health check),
 * {@code UNKNOWN}, {@code AF_UNSPEC} and {@code AF_UNIX} leave it unknown, and the connection keeps
 * its socket's. One instance per connection, dropped once the header is read; it holds at most
 * {@value #KEPT} bytes.
 */
final class ProxyHeader {
    /** The longest version 1 header, CRLF included. */
    static final int V1_MAX = 107;
    private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int V2_FIXED = 16;
    /** A v1 header whole, or a v2 header's fixed part and addresses (16 + 36 bytes for IPv6). */
    private static final int KEPT = V1_MAX;

    private final byte[] kept = new byte[KEPT];
    /** Bytes of the header read so far (v2: those beyond {@link #KEPT} are counted, not kept). */
    private int read;
    private boolean done;
    private InetAddress sourceAddress;
    private int sourcePort;

    /**
     * Takes header bytes from {@code in}: all of them while the header is unfinished, or up to its
     * end, leaving the position just after it.
     *
     * @return true once the whole header has been read
     * @throws FrameException if the bytes are not a valid header; the connection must close
     */
    boolean feed(ByteBuffer in) throws FrameException {
        while (!done && in.hasRemaining()) {
            byte b = in.get();
            if (read < KEPT) {
                kept[read] = b;
            }
            read++;
            if (kept[0] == 'P') {
                v1(b);
            } else if (kept[0] == V2_SIGNATURE[0]) {
                v2();
            } else {
                throw new FrameException("not a PROXY protocol header (it must come first on this port)");
            }
        }
        return done;
    }

    /** Whether any byte of the header has arrived. */
    boolean started() {
        return read > 0;
    }

    /** The client's address the header carries, or null to keep the socket's (valid once {@link #feed} returned true). */
    InetAddress sourceAddress() {
        return sourceAddress;
    }

    /** The client's port the header carries (with {@link #sourceAddress()}). */
    int sourcePort() {
        return sourcePort;
    }

    private void v1(byte b) throws FrameException {
        if (read <= V1_SIGNATURE.length) {
            if (b != V1_SIGNATURE[read - 1]) {
                throw new FrameException("not a PROXY protocol header (it must come first on this port)");
            }
            return;
        }
        if (b != '\n') {
            if (read == V1_MAX) {
                throw new FrameException("PROXY protocol v1 header longer than " + V1_MAX + " bytes");
            }
            return;
        }
        if (kept[read - 2] != '\r') {
            throw new FrameException("PROXY protocol v1 header ends without CRLF");
        }
        String line = new String(kept, V1_SIGNATURE.length, read - V1_SIGNATURE.length - 2, StandardCharsets.US_ASCII);
        String[] f = line.split(" ", -1);
        if (f[0].equals("UNKNOWN")) {
            done = true;
            return;
        }
        if (f.length != 5 || !f[0].equals("TCP4") && !f[0].equals("TCP6")) {
            throw new FrameException("malformed PROXY protocol v1 header '" + printable(line) + "'");
        }
        boolean v4 = f[0].equals("TCP4");
        InetAddress src = address(f[1], v4);
        if (src == null || address(f[2], v4) == null || port(f[3]) < 0 || port(f[4]) < 0) {
            throw new FrameException("malformed PROXY protocol v1 header '" + printable(line) + "'");
        }
        sourceAddress = src;
        sourcePort = port(f[3]);
        done = true;
    }

    private void v2() throws FrameException {
        if (read <= V2_SIGNATURE.length) {
            if (kept[read - 1] != V2_SIGNATURE[read - 1]) {
                throw new FrameException("not a PROXY protocol header (bad v2 signature)");
            }
            return;
        }
        if (read == 13 && (kept[12] & 0xF0) != 0x20) {
            throw new FrameException("PROXY protocol header of unknown version " + ((kept[12] & 0xF0) >> 4));
        }
        if (read == 13 && (kept[12] & 0x0F) > 1) {
            throw new FrameException("PROXY protocol v2 header with unknown command " + (kept[12] & 0x0F));
        }
        if (read < V2_FIXED) {
            return;
        }
        int length = (kept[14] & 0xFF) << 8 | kept[15] & 0xFF;
        if (read == V2_FIXED) {
            int family = (kept[13] & 0xF0) >> 4;
            int need = switch (family) {
                case 0 -> 0;
                case 1 -> 12;
                case 2 -> 36;
                case 3 -> 216;
                default -> throw new FrameException("PROXY protocol v2 header with unknown address family " + family);
            };
            if (length < need && (kept[12] & 0x0F) == 1) {
                throw new FrameException("PROXY protocol v2 header too short for its addresses (" + length + " bytes)");
            }
        }
        if (read < V2_FIXED + length) {
            return;
        }
        done = true;
        int family = (kept[13] & 0xF0) >> 4;
        boolean proxied = (kept[12] & 0x0F) == 1;
        if (proxied && (family == 1 || family == 2)) {
            int size = family == 1 ? 4 : 16;
            byte[] ip = new byte[size];
            System.arraycopy(kept, V2_FIXED, ip, 0, size);
            int portAt = V2_FIXED + 2 * size;
            try {
                sourceAddress = InetAddress.getByAddress(ip);
            } catch (UnknownHostException e) {
                throw new AssertionError("4 or 16 bytes are an IP address", e);
            }
            sourcePort = (kept[portAt] & 0xFF) << 8 | kept[portAt + 1] & 0xFF;
        }
    }

    private static InetAddress address(String text, boolean v4) {
        if (v4 == text.contains(":")) {
            return null;
        }
        InetAddress a = IpLiteral.parse(text);
        return a == null || v4 && !(a instanceof Inet4Address) ? null : a;
    }

    /** A decimal port 0..65535 without leading zeros, or -1. */
    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || text.length() > 1 && text.charAt(0) == '0') {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + c - '0';
        }
        return v > 0xFFFF ? -1 : v;
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
