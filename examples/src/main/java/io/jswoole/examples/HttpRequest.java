package io.jswoole.examples;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.x request as {@code open_http_protocol} delivers it (the whole request, already
 * checked by the framing): its request line, headers and body, a chunked body decoded.
 *
 * @param method  the method, e.g. {@code GET}
 * @param target  the request target, e.g. {@code /echo?x=1}
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers the header fields in order, names lower-cased
 * @param body    the body, decoded from the chunked transfer coding if it was chunked
 */
public record HttpRequest(String method, String target, String version, List<Header> headers, byte[] body) {

    /** A header field; {@code name} is lower-cased. */
    public record Header(String name, String value) {
    }

    /** Parses a request framed by {@code open_http_protocol}. */
    public static HttpRequest parse(byte[] packet) {
        int headEnd = indexOf(packet, 0, "\r\n\r\n");
        int lineEnd = indexOf(packet, 0, "\r\n");
        int sp1 = indexOf(packet, 0, " ");
        int sp2 = indexOf(packet, sp1 + 1, " ");
        String method = ascii(packet, 0, sp1);
        String target = ascii(packet, sp1 + 1, sp2);
        String version = ascii(packet, sp2 + 1, lineEnd);
        List<Header> headers = new ArrayList<>(8);
        boolean chunked = false;
        for (int at = lineEnd + 2; at < headEnd; ) {
            int end = indexOf(packet, at, "\r\n");
            int colon = indexOf(packet, at, ":");
            Header h = new Header(ascii(packet, at, colon).toLowerCase(Locale.ROOT), ascii(packet, colon + 1, end).strip());
            headers.add(h);
            chunked |= h.name().equals("transfer-encoding");
            at = end + 2;
        }
        int bodyStart = headEnd + 4;
        byte[] body = chunked ? dechunk(packet, bodyStart) : java.util.Arrays.copyOfRange(packet, bodyStart, packet.length);
        return new HttpRequest(method, target, version, headers, body);
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The value of the first header named {@code name} (any case), or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** The target without its query. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /**
     * Whether the connection stays open after the response: HTTP/1.1 unless the client sent
     * {@code Connection: close}, HTTP/1.0 only if it sent {@code Connection: keep-alive}.
     */
    public boolean keepAlive() {
        String connection = header("connection");
        String tokens = connection == null ? "" : "," + connection.toLowerCase(Locale.ROOT).replace(" ", "") + ",";
        if (version.equals("HTTP/1.0")) {
            return tokens.contains(",keep-alive,");
        }
        return !tokens.contains(",close,");
    }

    /** The chunks' data from {@code at} on; chunk extensions and trailer fields are dropped. */
    private static byte[] dechunk(byte[] p, int at) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int lineEnd = indexOf(p, at, "\r\n");
            String line = new String(p, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = line.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(p, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] b, int from, String what) {
        outer:
        for (int i = from; i <= b.length - what.length(); i++) {
            for (int k = 0; k < what.length(); k++) {
                if (b[i + k] != what.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not a request framed by open_http_protocol");
    }
}
