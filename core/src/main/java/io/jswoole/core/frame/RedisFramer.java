package io.jswoole.core.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Swoole's {@code open_redis_protocol}: a packet is one RESP command, either multi-bulk
 * ({@code *N\r\n} then N bulk strings {@code $LEN\r\nDATA\r\n}) or inline (one line of words,
 * ended by LF or CRLF), delivered as received. Empty inline lines and multi-bulk counts of zero or
 * less are dropped, as Redis does. A malformed or oversized command is answered
 * {@code -ERR Protocol error: ...} and closes the connection.
 */
final class RedisFramer implements Framer {
    /** The most arguments a multi-bulk command may have (Redis's own limit). */
    static final int MAX_ARGS = 1024 * 1024;
    /** The longest inline command (Redis's PROTO_INLINE_MAX_SIZE). */
    static final int MAX_INLINE = 64 * 1024;
    /** The longest {@code *N} or {@code $LEN} line. */
    private static final int MAX_COUNT_LINE = 32;

    private final int maxPacket;
    private final Accumulator held;

    // The state of the command being framed; offsets are from its first byte.
    /** Where parsing resumes. */
    private int at;
    /** Multi-bulk arguments still to come, or -1 before the count line is read. */
    private long argsLeft = -1;
    /** The command is empty (a blank inline line, a multi-bulk count of zero or less): dropped. */
    private boolean empty;

    RedisFramer(int maxPacket) {
        this.maxPacket = maxPacket;
        this.held = new Accumulator(maxPacket);
    }

    @Override
    public void feed(ByteBuffer in, PacketSink sink) throws FrameException {
        while (in.hasRemaining()) {
            if (held.size() == 0) {
                deliver(in, sink);
                if (in.hasRemaining() && !held.append(in)) {
                    throw error("too big command");
                }
                return;
            }
            int take = Math.min(in.remaining(), maxPacket - held.size());
            if (take == 0) {
                throw error("too big command");
            }
            ByteBuffer part = in.duplicate().limit(in.position() + take);
            in.position(in.position() + take);
            held.append(part);
            deliver(held.flipped(), sink);
            held.compact();
        }
    }

    /** Delivers the whole commands at {@code b}'s position, leaving it at the first partial one. */
    private void deliver(ByteBuffer b, PacketSink sink) throws FrameException {
        while (b.hasRemaining()) {
            int start = b.position();
            int len = commandLength(b, start, b.limit());
            if (len < 0) {
                return;
            }
            boolean drop = empty;
            ByteBuffer packet = b.duplicate().position(start).limit(start + len);
            b.position(start + len);
            at = 0;
            argsLeft = -1;
            empty = false;
            if (!drop) {
                sink.packet(packet.slice());
            }
        }
    }

    /** The length of the command at {@code start}, or -1 if it is not all there yet. */
    private int commandLength(ByteBuffer b, int start, int end) throws FrameException {
        if (b.get(start) != '*') {
            return inlineLength(b, start, end);
        }
        if (argsLeft < 0) {
            int lineEnd = lineEnd(b, start + 1, end, "multibulk length");
            if (lineEnd < 0) {
                return -1;
            }
            long n = number(b, start + 1, lineEnd, "invalid multibulk length");
            if (n > MAX_ARGS) {
                throw error("invalid multibulk length");
            }
            argsLeft = Math.max(0, n);
            empty = n <= 0;
            at = lineEnd + 2 - start;
        }
        while (argsLeft > 0) {
            int p = start + at;
            if (p >= end) {
                return -1;
            }
            if (b.get(p) != '$') {
                throw error("expected '$', got '" + printable(b.get(p)) + "'");
            }
            int lineEnd = lineEnd(b, p + 1, end, "bulk length");
            if (lineEnd < 0) {
                return -1;
            }
            long len = number(b, p + 1, lineEnd, "invalid bulk length");
            long dataEnd = (long) lineEnd + 2 - start + len;
            if (len < 0 || dataEnd + 2 > maxPacket) {
                throw error(len < 0 ? "invalid bulk length" : "too big command");
            }
            if (end - start < dataEnd + 2) {
                return -1;
            }
            if (b.get(start + (int) dataEnd) != '\r' || b.get(start + (int) dataEnd + 1) != '\n') {
                throw error("bulk string not followed by CRLF");
            }
            at = (int) dataEnd + 2;
            argsLeft--;
        }
        argsLeft = 0;
        return at;
    }

    /** An inline command: up to and including the first LF. */
    private int inlineLength(ByteBuffer b, int start, int end) throws FrameException {
        int limit = Math.min(end, start + Math.min(MAX_INLINE, maxPacket));
        for (int i = start + at; i < limit; i++) {
            if (b.get(i) == '\n') {
                int len = i + 1 - start;
                boolean blank = true;
                for (int k = start; k < i; k++) {
                    byte c = b.get(k);
                    blank &= c == ' ' || c == '\t' || c == '\r';
                }
                empty = blank;
                return len;
            }
        }
        if (end - start >= Math.min(MAX_INLINE, maxPacket)) {
            throw error("too big inline request");
        }
        at = end - start;
        return -1;
    }

    /** Index of the CR of the CRLF ending a count line that starts at {@code from}, or -1. */
    private static int lineEnd(ByteBuffer b, int from, int end, String what) throws FrameException {
        for (int i = from; i < end; i++) {
            if (i - from > MAX_COUNT_LINE) {
                throw error("too big " + what);
            }
            if (b.get(i) == '\r') {
                if (i + 1 >= end) {
                    return -1;
                }
                if (b.get(i + 1) != '\n') {
                    throw error("invalid " + what);
                }
                return i;
            }
        }
        if (end - from > MAX_COUNT_LINE) {
            throw error("too big " + what);
        }
        return -1;
    }

    private static long number(ByteBuffer b, int from, int to, String error) throws FrameException {
        boolean negative = from < to && b.get(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == to) {
            throw error(error);
        }
        long v = 0;
        for (; i < to; i++) {
            byte c = b.get(i);
            if (c < '0' || c > '9' || v > Integer.MAX_VALUE) {
                throw error(error);
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c & 0xff);
    }

    private static FrameException error(String why) {
        return new FrameException("bad RESP command: " + why,
                ("-ERR Protocol error: " + why + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int buffered() {
        return held.size();
    }
}
