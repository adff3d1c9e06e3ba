package io.jswoole.examples;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RESP2 for the {@code kv} example: a command as {@code open_redis_protocol} delivers it (one
 * whole multi-bulk or inline command) into its arguments, and the replies' encodings.
 */
public final class Resp {
    /** {@code +OK}. */
    public static final byte[] OK = simple("OK");
    /** The null bulk string. */
    public static final byte[] NIL = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);

    private Resp() {
    }

    /** The arguments of one command framed by {@code open_redis_protocol}. */
    public static List<byte[]> parse(byte[] packet) {
        List<byte[]> args = new ArrayList<>();
        if (packet.length > 0 && packet[0] == '*') {
            int at = 1;
            int lineEnd = crlf(packet, at);
            int n = Integer.parseInt(new String(packet, at, lineEnd - at, StandardCharsets.US_ASCII));
            at = lineEnd + 2;
            for (int i = 0; i < n; i++) {
                lineEnd = crlf(packet, at + 1);
                int len = Integer.parseInt(new String(packet, at + 1, lineEnd - at - 1, StandardCharsets.US_ASCII));
                byte[] arg = new byte[len];
                System.arraycopy(packet, lineEnd + 2, arg, 0, len);
                args.add(arg);
                at = lineEnd + 2 + len + 2;
            }
            return args;
        }
        for (String word : new String(packet, StandardCharsets.ISO_8859_1).trim().split("[ \t]+")) {
            if (!word.isEmpty()) {
                args.add(word.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return args;
    }

    /** {@code args} as a multi-bulk command. */
    public static byte[] command(List<byte[]> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, "*" + args.size() + "\r\n");
        for (byte[] a : args) {
            out.writeBytes(bulk(a));
        }
        return out.toByteArray();
    }

    public static byte[] simple(String s) {
        return ("+" + s + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] error(String s) {
        return ("-" + s + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] integer(long v) {
        return (":" + v + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A bulk string, or the null bulk string for null. */
    public static byte[] bulk(byte[] v) {
        if (v == null) {
            return NIL;
        }
        byte[] head = ("$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + v.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(v, 0, out, head.length, v.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    /** An array of already encoded replies. */
    public static byte[] array(List<byte[]> encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, "*" + encoded.size() + "\r\n");
        encoded.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static int crlf(byte[] b, int from) {
        for (int i = from; i < b.length - 1; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("not a command framed by open_redis_protocol");
    }
}
