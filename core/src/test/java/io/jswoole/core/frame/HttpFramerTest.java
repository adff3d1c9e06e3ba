package io.jswoole.core.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code open_http_protocol}: one packet per request, however the bytes arrive, and the limits. */
@Timeout(30)
class HttpFramerTest {
    private static final FramerDriver HTTP = new FramerDriver(Map.of("open_http_protocol", true,
            "package_max_length", 4096, "http_header_max_length", 512));

    private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final String POST = "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
    private static final String CHUNKED = "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n";

    @Test
    void aRequestWithoutBody() throws FrameException {
        HTTP.assertFrames(GET, List.of(GET));
    }

    @Test
    void aBodyByContentLength() throws FrameException {
        HTTP.assertFrames(POST, List.of(POST));
    }

    @Test
    void aChunkedBodyIsDeliveredAsReceived() throws FrameException {
        HTTP.assertFrames(CHUNKED, List.of(CHUNKED));
        String noTrailer = "PUT /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        HTTP.assertFrames(noTrailer, List.of(noTrailer));
    }

    @Test
    void pipelinedRequestsSplit() throws FrameException {
        HTTP.assertFrames(GET + POST + CHUNKED + GET, List.of(GET, POST, CHUNKED, GET));
    }

    @Test
    void emptyLinesBetweenRequestsAreDropped() throws FrameException {
        HTTP.assertFrames("\r\n" + POST + "\r\n" + GET, List.of(POST, GET));
    }

    @Test
    void http10IsFramedToo() throws FrameException {
        String get10 = "GET / HTTP/1.0\r\n\r\n";
        HTTP.assertFrames(get10 + get10, List.of(get10, get10));
    }

    @Test
    void malformedRequestsAreAnswered400() {
        for (String bad : List.of("garbage\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/2.0\r\n\r\n",
                "GET / HTTP/1.1 extra\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
                "GET / HTTP/1.1\r\n folded: x\r\n\r\n", "GET / HTTP/1.1\r\nBad name: x\r\n\r\n",
                "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n",
                "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n")) {
            FrameException e = HTTP.assertRefused(bad, "HTTP/1.1 400 Bad Request\r\n");
            assertTrue(e.getMessage().startsWith("bad HTTP request"), e.getMessage());
        }
    }

    @Test
    void aBadRequestAfterGoodOnesComesAfterThem() throws FrameException {
        List<String> got = new java.util.ArrayList<>();
        Framer f = HTTP.framer();
        byte[] bytes = (GET + "garbage\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        FrameException e = org.junit.jupiter.api.Assertions.assertThrows(FrameException.class,
                () -> f.feed(java.nio.ByteBuffer.wrap(bytes), p -> got.add("packet")));
        assertEquals(List.of("packet"), got);
        assertTrue(new String(e.reply(), java.nio.charset.StandardCharsets.US_ASCII).contains("400"));
    }

    @Test
    void aRequestExpecting100ContinueGetsItWhileItsBodyIsToCome() throws FrameException {
        String head = "POST /echo HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n";
        Framer f = HTTP.framer();
        List<String> got = new java.util.ArrayList<>();
        f.feed(java.nio.ByteBuffer.wrap(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), p -> got.add("packet"));
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n",
                new String(f.interimReply(), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(null, f.interimReply(), "once");
        f.feed(java.nio.ByteBuffer.wrap("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), p -> got.add("packet"));
        assertEquals(List.of("packet"), got);
        assertEquals(null, f.interimReply());
        // the body in the same read, or an HTTP/1.0 request: nothing is owed
        f.feed(java.nio.ByteBuffer.wrap((head + "hello").getBytes(java.nio.charset.StandardCharsets.US_ASCII)), p -> { });
        assertEquals(null, f.interimReply());
        f.feed(java.nio.ByteBuffer.wrap(head.replace("1.1", "1.0").getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                p -> { });
        assertEquals(null, f.interimReply());
    }

    @Test
    void headersOverTheLimitAre431() {
        String big = "GET / HTTP/1.1\r\nX-Big: " + "x".repeat(600) + "\r\n\r\n";
        FrameException e = HTTP.assertRefused(big, "HTTP/1.1 431 Request Header Fields Too Large\r\n");
        assertTrue(e.getMessage().contains("http_header_max_length 512"), e.getMessage());
        HTTP.assertRefused("GET / HTTP/1.1\r\nX-Big: " + "x".repeat(600), "HTTP/1.1 431 ");
    }

    @Test
    void headersAtTheLimitPass() throws FrameException {
        String head = "GET / HTTP/1.1\r\nX: ";
        String exact = head + "y".repeat(512 - head.length() - 4) + "\r\n\r\n";
        assertEquals(512, exact.length());
        assertEquals(List.of(exact), HTTP.feed(exact));
        assertEquals(List.of(exact), HTTP.feed(exact, 100, 300, 511));
    }

    @Test
    void bodiesOverPackageMaxLengthAre413() throws FrameException {
        HTTP.assertRefused("POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n", "HTTP/1.1 413 Content Too Large\r\n");
        HTTP.assertRefused("POST / HTTP/1.1\r\nContent-Length: 99999999999999999\r\n\r\n", "HTTP/1.1 413 ");
        HTTP.assertRefused("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n", "HTTP/1.1 413 ");
        HTTP.assertRefused("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n", "HTTP/1.1 413 ");
        String chunks = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + ("400\r\n" + "z".repeat(1024) + "\r\n").repeat(4);
        HTTP.assertRefused(chunks, "HTTP/1.1 413 ");
        String fits = "POST / HTTP/1.1\r\nContent-Length: 4000\r\n\r\n";
        fits += "b".repeat(4000);
        assertEquals(List.of(fits), HTTP.feed(fits));
    }

    @Test
    void aHeldRequestDoesNotCountTheNextOnesAgainstTheLimit() throws FrameException {
        String body = "b".repeat(3000);
        String post = "POST / HTTP/1.1\r\nContent-Length: 3000\r\n\r\n" + body;
        String stream = post + post + post;
        // the first read leaves most of a request held; the second brings the rest and two more
        assertEquals(List.of(post, post, post), HTTP.feed(stream, 100));
    }
}
