package io.jswoole.examples;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RESP2 replies for the {@code kv} example, already encoded (commands are read by
 * {@link RespCommand}).
 */
public final class Resp {
    /** {@code +OK}. */
    public static final byte[] OK = simple("OK");
    /** The null bulk string. */
    public static final byte[] NIL = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);

    private Resp() {
    }

    /** {@code args} as a multi-bulk command. */
    public static byte[] command(List<byte[]> args) {
        return array(args.stream().map(Resp::bulk).toArray(byte[][]::new));
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
        byte[] out = bulkFrame(v.length);
        System.arraycopy(v, 0, out, out.length - 2 - v.length, v.length);
        return out;
    }

    /**
     * A bulk string of {@code length} bytes with its header and final CRLF written and its value,
     * the {@code length} bytes before that CRLF, left for the caller to fill.
     */
    static byte[] bulkFrame(int length) {
        int digits = 1;
        for (int v = length; v >= 10; v /= 10) {
            digits++;
        }
        byte[] out = new byte[1 + digits + 2 + length + 2];
        out[0] = '$';
        for (int i = digits, v = length; i > 0; i--, v /= 10) {
            out[i] = (byte) ('0' + v % 10);
        }
        out[digits + 1] = '\r';
        out[digits + 2] = '\n';
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    /** Where the value of a (non-null) bulk string starts: after its header's CRLF. It ends 2 bytes before the end. */
    static int bulkValueStart(byte[] bulk) {
        int i = 1;
        while (bulk[i] != '\n') {
            i++;
        }
        return i + 1;
    }

    /** An array of already encoded replies. */
    public static byte[] array(byte[]... encoded) {
        byte[] head = ("*" + encoded.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int size = head.length;
        for (byte[] e : encoded) {
            size += e.length;
        }
        byte[] out = new byte[size];
        System.arraycopy(head, 0, out, 0, head.length);
        int at = head.length;
        for (byte[] e : encoded) {
            System.arraycopy(e, 0, out, at, e.length);
            at += e.length;
        }
        return out;
    }
}
