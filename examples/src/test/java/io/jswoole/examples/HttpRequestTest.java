package io.jswoole.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The http example's request parsing, keep-alive rule and response encoding. */
@Timeout(10)
class HttpRequestTest {
    private static HttpRequest parse(String s) {
        return HttpRequest.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aChunkedBodyIsDecoded() {
        HttpRequest r = parse("POST /echo?x=1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n");
        assertEquals("/echo", r.path());
        assertArrayEquals("abcde".getBytes(StandardCharsets.US_ASCII), r.body());
        assertEquals("chunked", r.header("TRANSFER-ENCODING"));
    }

    @Test
    void keepAliveFollowsTheVersionAndConnectionHeader() {
        assertTrue(parse("GET / HTTP/1.1\r\n\r\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.0\r\n\r\n").keepAlive());
        assertTrue(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive());
    }

    @Test
    void headLeavesTheBodyOutButKeepsItsLength() {
        HttpResponse res = HttpResponse.text("200 OK", "hello");
        String get = new String(res.encode(false, true, false), StandardCharsets.ISO_8859_1);
        String head = new String(res.encode(true, false, false), StandardCharsets.ISO_8859_1);
        assertTrue(get.endsWith("Content-Length: 5\r\n\r\nhello"), get);
        assertTrue(head.endsWith("Content-Length: 5\r\nConnection: close\r\n\r\n"), head);
        assertTrue(HttpDate.now().matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), HttpDate.now());
    }
}
