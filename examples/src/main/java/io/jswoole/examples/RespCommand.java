package io.jswoole.examples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One RESP command as {@code open_redis_protocol} frames it, parsed in place: the arguments'
 * offsets and lengths in the buffer, nothing copied. Both forms: multi-bulk
 * ({@code *N\r\n$len\r\narg\r\n...}, each argument taken by its length, so it may hold any bytes)
 * and inline (one line of words separated by spaces or tabs, as {@code GET a\r\n}).
 *
 * <p>Reused from command to command (one per worker): {@link #parse} replaces the previous
 * command, and the arguments are read from the parsed buffer, so they are valid only as long as
 * the buffer's bytes are, in a receive callback until it returns. Not thread-safe.
 */
public final class RespCommand {
    /** Thrown for a number {@link Long#parseLong} would refuse: one shared instance, without a stack trace. */
    public static final class NotAnInteger extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NotAnInteger INSTANCE = new NotAnInteger();

        private NotAnInteger() {
            super("not an integer", null, false, false);
        }
    }

    private ByteBuffer buffer;
    private int count;
    private int[] starts = new int[8];
    private int[] lengths = new int[8];

    /**
     * Parses the command between {@code data}'s position and limit (which it leaves as they are),
     * reading with absolute gets; false if it has no arguments. The command must be whole and well
     * formed, as {@code open_redis_protocol} delivers it.
     */
    public boolean parse(ByteBuffer data) {
        buffer = data;
        count = 0;
        int p = data.position();
        int end = data.limit();
        if (p < end && data.get(p) == '*') {
            int cr = lineEnd(data, p + 1);
            long n = parseLong(data, p + 1, cr);
            p = cr + 2;
            for (long i = 0; i < n; i++) {
                cr = lineEnd(data, p + 1); // after the '$'
                int length = (int) parseLong(data, p + 1, cr);
                add(cr + 2, length);
                p = cr + 2 + length + 2; // by the length, never by looking for a CRLF in the data
            }
        } else {
            // As String.trim() and split("[ \t]+") would: bytes up to ' ' trimmed at both ends.
            while (p < end && (data.get(p) & 0xff) <= ' ') {
                p++;
            }
            while (end > p && (data.get(end - 1) & 0xff) <= ' ') {
                end--;
            }
            while (p < end) {
                int start = p;
                while (p < end && !blank(data.get(p))) {
                    p++;
                }
                add(start, p - start);
                while (p < end && blank(data.get(p))) {
                    p++;
                }
            }
        }
        return count > 0;
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\t';
    }

    private void add(int start, int length) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        starts[count] = start;
        lengths[count] = length;
        count++;
    }

    /** The number of arguments, the command's name included. */
    public int count() {
        return count;
    }

    /** The length of argument {@code i} (0 is the command's name). */
    public int length(int i) {
        return lengths[Objects.checkIndex(i, count)];
    }

    /** Whether argument {@code i} is {@code lowerCaseWord} (lower-case ASCII) in any case. */
    public boolean is(int i, byte[] lowerCaseWord) {
        return equalsIgnoringCase(buffer, start(i), length(i), lowerCaseWord);
    }

    /** A copy of argument {@code i}. */
    public byte[] bytes(int i) {
        byte[] b = new byte[length(i)];
        buffer.get(start(i), b, 0, b.length);
        return b;
    }

    /** Copies argument {@code i} to the start of {@code dst}. */
    void copyTo(int i, byte[] dst) {
        buffer.get(start(i), dst, 0, length(i));
    }

    /** Argument {@code i} encoded as a bulk string reply. */
    public byte[] bulk(int i) {
        int length = length(i);
        byte[] out = Resp.bulkFrame(length);
        buffer.get(start(i), out, out.length - 2 - length, length);
        return out;
    }

    /**
     * Argument {@code i} as a decimal number, by {@link Long#parseLong}'s rules.
     *
     * @throws NotAnInteger if it is not one
     */
    public long longAt(int i) {
        return parseLong(buffer, start(i), start(i) + length(i));
    }

    /**
     * The hash of argument {@code i}: {@link String#hashCode} of it read as ISO-8859-1, which picks
     * a key's shard in the {@code kv} example.
     */
    public int hash(int i) {
        return hash(buffer, start(i), start(i) + length(i));
    }

    /** Argument {@code i} read as ISO-8859-1, for error messages. */
    public String string(int i) {
        return new String(bytes(i), StandardCharsets.ISO_8859_1);
    }

    /** Where argument {@code i} starts in the {@link #buffer}. */
    private int start(int i) {
        return starts[Objects.checkIndex(i, count)];
    }

    /** The index of the CR ending the count or length line that starts at {@code from}. */
    private static int lineEnd(ByteBuffer b, int from) {
        int i = from;
        while (b.get(i) != '\r') {
            i++;
        }
        return i;
    }

    /**
     * The decimal number in {@code b} from {@code from} to {@code to}, by {@link Long#parseLong}'s
     * rules (an optional sign, then ASCII digits, in range), read in place.
     *
     * @throws NotAnInteger if there is none
     */
    static long parseLong(ByteBuffer b, int from, int to) {
        int i = from;
        boolean negative = i < to && b.get(i) == '-';
        if (i < to && (negative || b.get(i) == '+')) {
            i++;
        }
        if (i == to) {
            throw NotAnInteger.INSTANCE;
        }
        // Accumulated negatively, as Long.parseLong does, to reach Long.MIN_VALUE.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long v = 0;
        for (; i < to; i++) {
            int digit = b.get(i) - '0';
            if (digit < 0 || digit > 9 || v < limit / 10 || v * 10 < limit + digit) {
                throw NotAnInteger.INSTANCE;
            }
            v = v * 10 - digit;
        }
        return negative ? v : -v;
    }

    /**
     * The hash of the bytes of {@code b} from {@code from} to {@code to}: {@link String#hashCode}
     * of them read as ISO-8859-1 ({@code h = 31 * h + (byte & 0xff)}), read in place.
     */
    private static int hash(ByteBuffer b, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + (b.get(i) & 0xff);
        }
        return h;
    }

    /** Whether the {@code length} bytes of {@code b} at {@code at} are {@code lowerCaseWord} in any ASCII case. */
    private static boolean equalsIgnoringCase(ByteBuffer b, int at, int length, byte[] lowerCaseWord) {
        if (length != lowerCaseWord.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = b.get(at + i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCaseWord[i]) {
                return false;
            }
        }
        return true;
    }
}
