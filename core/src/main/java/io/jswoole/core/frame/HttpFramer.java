package io.jswoole.core.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Swoole's {@code open_http_protocol}: a packet is one HTTP/1.x request, its request line and
 * header section, then its body, by {@code Content-Length} or by the chunked transfer coding. The
 * packet holds the request exactly as received: a chunked body keeps its chunk sizes and trailer,
 * for the application's parser to undo. Empty lines before a request are dropped (RFC 9112 2.2).
 *
 * <p>A malformed request is answered {@code 400 Bad Request}, a header section over
 * {@code http_header_max_length} {@code 431 Request Header Fields Too Large}, and a request over
 * the packet limit {@code 413 Content Too Large}; the connection closes after the answer. A
 * request with {@code Expect: 100-continue} whose body has not all arrived with its headers is
 * owed {@code 100 Continue} ({@link #interimReply()}), so that the client sends the body at once.
 */
final class HttpFramer implements Framer {
    /** The longest chunk-size line (with extensions) accepted. */
    private static final int MAX_CHUNK_LINE = 1024;

    private final int maxPacket;
    private final int maxHeader;
    private final Accumulator held;

    // The state of the request being framed; offsets are from the request's first byte.
    /** Where the search for the end of the header section resumes. */
    private int scanned;
    /** The length of the request line and headers with the empty line, or -1 while unknown. */
    private int headerLength = -1;
    /** The whole request's length once known (Content-Length), or -1. */
    private long knownLength = -1;
    private boolean chunked;
    /** Chunked: where the next chunk-size line (or trailer line) starts. */
    private int chunkAt;
    private boolean inTrailer;
    /** The request asked for {@code 100 Continue} ({@code Expect: 100-continue}, HTTP/1.1). */
    private boolean expectContinue;
    /** {@code 100 Continue} is owed to the peer (taken by {@link #interimReply()}). */
    private boolean continueOwed;

    HttpFramer(int maxPacket, int maxHeader) {
        this.maxPacket = maxPacket;
        this.maxHeader = Math.min(maxHeader, maxPacket);
        this.held = new Accumulator(maxPacket);
    }

    @Override
    public void feed(ByteBuffer in, PacketSink sink) throws FrameException {
        if (held.size() == 0) {
            deliver(in, sink);
            if (in.hasRemaining()) {
                append(in);
            }
            return;
        }
        while (in.hasRemaining()) {
            if (held.size() == 0) {
                feed(in, sink);
                return;
            }
            // Complete the held request first, taking no more than the limit leaves room for.
            int take = Math.min(in.remaining(), maxPacket - held.size());
            if (take == 0) {
                throw headerLength < 0 ? headersTooLarge() : tooLarge();
            }
            ByteBuffer part = in.duplicate().limit(in.position() + take);
            in.position(in.position() + take);
            held.append(part);
            deliver(held.flipped(), sink);
            held.compact();
        }
    }

    private void append(ByteBuffer in) throws FrameException {
        if (!held.append(in)) {
            throw headerLength < 0 ? headersTooLarge() : tooLarge();
        }
    }

    /** Delivers the whole requests at {@code b}'s position, leaving it at the first partial one. */
    private void deliver(ByteBuffer b, PacketSink sink) throws FrameException {
        while (true) {
            if (headerLength < 0 && scanned == 0) {
                skipEmptyLines(b);
            }
            int start = b.position();
            long len = requestLength(b, start, b.limit());
            if (len < 0) {
                return;
            }
            int end = start + (int) len;
            ByteBuffer packet = b.duplicate().position(start).limit(end);
            b.position(end);
            reset();
            sink.packet(packet.slice());
        }
    }

    private static void skipEmptyLines(ByteBuffer b) {
        while (b.hasRemaining() && (b.get(b.position()) == '\r' || b.get(b.position()) == '\n')) {
            b.position(b.position() + 1);
        }
    }

    private void reset() {
        scanned = 0;
        headerLength = -1;
        knownLength = -1;
        chunked = false;
        chunkAt = 0;
        inTrailer = false;
        expectContinue = false;
        continueOwed = false; // the body came: no interim answer is due any more
    }

    /** The length of the request that starts at {@code start}, or -1 if it is not all in {@code b} yet. */
    private long requestLength(ByteBuffer b, int start, int end) throws FrameException {
        if (headerLength < 0) {
            int at = find(b, start + Math.max(0, scanned - 3), end, true);
            if (at < 0) {
                scanned = end - start;
                if (scanned > maxHeader) {
                    throw headersTooLarge();
                }
                return -1;
            }
            headerLength = at + 4 - start;
            if (headerLength > maxHeader) {
                throw headersTooLarge();
            }
            parseHeaders(b, start);
            if (chunked) {
                chunkAt = headerLength;
            }
        }
        long length = !chunked ? (end - start >= knownLength ? knownLength : -1) : chunkedLength(b, start, end);
        if (length < 0 && expectContinue) {
            expectContinue = false; // owed once, while the body is still to come
            continueOwed = true;
        }
        return length;
    }

    /** Walks the chunks from {@link #chunkAt}; the request's length once its last chunk and trailer are in. */
    private long chunkedLength(ByteBuffer b, int start, int end) throws FrameException {
        while (true) {
            int lineStart = start + chunkAt;
            int lineEnd = find(b, lineStart, end, false);
            if (lineEnd < 0) {
                if (end - lineStart > MAX_CHUNK_LINE) {
                    throw badRequest(inTrailer ? "trailer line too long" : "chunk size line too long");
                }
                checkLimit(end - start);
                return -1;
            }
            if (lineEnd - lineStart > MAX_CHUNK_LINE) {
                throw badRequest(inTrailer ? "trailer line too long" : "chunk size line too long");
            }
            if (inTrailer) {
                chunkAt = lineEnd + 2 - start;
                checkLimit(chunkAt);
                if (lineEnd == lineStart) {
                    return chunkAt;
                }
                continue;
            }
            long size = chunkSize(b, lineStart, lineEnd);
            long dataEnd = (long) lineEnd + 2 - start + size;
            checkLimit(dataEnd + 2);
            if (size == 0) {
                inTrailer = true;
                chunkAt = lineEnd + 2 - start;
                continue;
            }
            if (end - start < dataEnd + 2) {
                checkLimit(end - start);
                return -1;
            }
            if (b.get(start + (int) dataEnd) != '\r' || b.get(start + (int) dataEnd + 1) != '\n') {
                throw badRequest("chunk data not followed by CRLF");
            }
            chunkAt = (int) dataEnd + 2;
        }
    }

    private void checkLimit(long length) throws FrameException {
        if (length > maxPacket) {
            throw tooLarge();
        }
    }

    /** The hexadecimal size at the start of a chunk-size line (extensions after ';' ignored). */
    private static long chunkSize(ByteBuffer b, int from, int to) throws FrameException {
        long size = 0;
        int digits = 0;
        int i = from;
        for (; i < to; i++) {
            int d = Character.digit(b.get(i), 16);
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                throw new FrameException("chunk size too large", HttpReplies.TOO_LARGE);
            }
            size = size * 16 + d;
        }
        while (i < to && (b.get(i) == ' ' || b.get(i) == '\t')) {
            i++;
        }
        if (digits == 0 || i < to && b.get(i) != ';') {
            throw badRequest("malformed chunk size");
        }
        return size;
    }

    /**
     * Index of the first CRLF at or after {@code from} (with {@code blankLine}, of the first
     * CRLFCRLF), or -1.
     */
    private static int find(ByteBuffer b, int from, int end, boolean blankLine) {
        int n = blankLine ? 4 : 2;
        for (int i = from; i <= end - n; i++) {
            if (b.get(i) == '\r' && b.get(i + 1) == '\n' && (!blankLine || b.get(i + 2) == '\r' && b.get(i + 3) == '\n')) {
                return i;
            }
        }
        return -1;
    }

    /** Checks the request line and header fields; sets the body's framing. */
    private void parseHeaders(ByteBuffer b, int start) throws FrameException {
        byte[] head = new byte[headerLength - 4];
        b.get(start, head);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int firstEnd = text.indexOf("\r\n");
        String requestLine = firstEnd < 0 ? text : text.substring(0, firstEnd);
        checkRequestLine(requestLine);
        long contentLength = -1;
        String transferEncoding = null;
        // Line by line with indexOf: String.split compiles a regular expression for a two-character separator.
        for (int from = firstEnd + 2; firstEnd >= 0; ) {
            int lineEnd = text.indexOf("\r\n", from);
            String line = lineEnd < 0 ? text.substring(from) : text.substring(from, lineEnd);
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, 0, colon) || line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw badRequest("malformed header line");
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Content-Length")) {
                long v = parseLength(value);
                if (contentLength >= 0 && contentLength != v) {
                    throw badRequest("conflicting Content-Length");
                }
                contentLength = v;
            } else if (name.equalsIgnoreCase("Expect")) {
                expectContinue = value.equalsIgnoreCase("100-continue") && requestLine.endsWith("HTTP/1.1");
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                transferEncoding = transferEncoding == null ? value : transferEncoding + "," + value;
            }
            if (lineEnd < 0) {
                break;
            }
            from = lineEnd + 2;
        }
        if (transferEncoding != null) {
            if (contentLength >= 0) {
                throw badRequest("both Transfer-Encoding and Content-Length");
            }
            String[] codings = transferEncoding.toLowerCase(Locale.ROOT).split(",");
            if (!codings[codings.length - 1].strip().equals("chunked")) {
                throw badRequest("Transfer-Encoding without chunked last");
            }
            chunked = true;
            return;
        }
        knownLength = headerLength + Math.max(0, contentLength);
        checkLimit(knownLength);
    }

    private static void checkRequestLine(String line) throws FrameException {
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 <= sp1 + 1 || line.indexOf(' ', sp2 + 1) >= 0 || !isToken(line, 0, sp1)) {
            throw badRequest("malformed request line");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            char c = line.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw badRequest("malformed request target");
            }
        }
        String version = line.substring(sp2 + 1);
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw badRequest("unsupported HTTP version");
        }
    }

    private static long parseLength(String value) throws FrameException {
        if (value.isEmpty() || value.length() > 18) {
            throw badRequest("malformed Content-Length");
        }
        long v = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw badRequest("malformed Content-Length");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Whether {@code s[from, to)} is an RFC 9110 token. */
    private static boolean isToken(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static FrameException badRequest(String why) {
        return new FrameException("bad HTTP request: " + why, HttpReplies.BAD_REQUEST);
    }

    private FrameException headersTooLarge() {
        return new FrameException("HTTP request line and headers larger than http_header_max_length " + maxHeader,
                HttpReplies.HEADERS_TOO_LARGE);
    }

    private FrameException tooLarge() {
        return new FrameException("HTTP request larger than package_max_length/buffer_input_size " + maxPacket,
                HttpReplies.TOO_LARGE);
    }

    @Override
    public byte[] interimReply() {
        if (!continueOwed) {
            return null;
        }
        continueOwed = false;
        return HttpReplies.CONTINUE.clone();
    }

    @Override
    public int buffered() {
        return held.size();
    }
}
