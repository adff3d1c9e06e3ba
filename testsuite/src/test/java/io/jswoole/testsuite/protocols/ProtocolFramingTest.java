package io.jswoole.testsuite.protocols;

import static io.jswoole.testsuite.examples.Wire.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import io.jswoole.testsuite.Reactors;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code open_http_protocol} and {@code open_redis_protocol} over real sockets, in both modes on
 * both reactors: a worker gets one whole request per receive however the bytes arrive, pipelined
 * requests are answered in order, and a malformed or oversized request gets the protocol's error
 * answer, then the connection closes, with one log line, while other connections go on.
 */
@Timeout(120)
class ProtocolFramingTest {
    private static final long DEADLINE = 30_000;
    private static final String GET = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String POST = "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world";
    private static final String CHUNKED = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    private static final String SET = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nv\r\n\r\n\r\n";
    private static final String GET_K = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";

    @ParameterizedTest(name = "mode={0} reactor={1}")
    @CsvSource({"base,epoll", "base,nio", "process,epoll", "process,nio"})
    @SettingEffect(keys = {"open_http_protocol", "http_header_max_length", "open_redis_protocol", "package_max_length"},
            modes = {"base", "process"})
    void requestsAreFramedAndBadOnesAnsweredThenClosed(String mode, String reactor, @TempDir Path dir) throws Exception {
        Reactors.requireAvailable(Reactors.found().stream().filter(f -> f.name().equals(reactor)).findFirst()
                .orElseThrow(() -> new AssertionError("no reactor " + reactor)).provider());
        try (ServerProcess server = ServerProcess.start(dir, ProtocolApp.class, mode, reactor)) {
            int http = server.port(0);
            int resp = server.port(1);
            try (Socket c = connect(http)) {
                // pipelined, one byte per write: each request arrives in pieces
                for (byte b : (GET + POST + CHUNKED + GET).getBytes(StandardCharsets.US_ASCII)) {
                    c.getOutputStream().write(b);
                    c.getOutputStream().flush();
                }
                InputStream in = c.getInputStream();
                assertEquals(List.of(GET, POST, CHUNKED, GET), List.of(httpBody(in), httpBody(in), httpBody(in),
                        httpBody(in)));
                // all at once
                c.getOutputStream().write((POST + GET).getBytes(StandardCharsets.US_ASCII));
                assertEquals(POST, httpBody(in));
                assertEquals(GET, httpBody(in));
            }
            assertAnswered(http, "garbage\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n");
            // the error answer follows the answers to the requests before it
            assertAnswered(http, GET + POST + "garbage\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: " + GET.length()
                    + "\r\n\r\n" + GET + "HTTP/1.1 200 OK\r\nContent-Length: " + POST.length() + "\r\n\r\n" + POST
                    + "HTTP/1.1 400 Bad Request\r\n");
            assertAnswered(http, "GET / HTTP/1.1\r\nX: " + "y".repeat(ProtocolApp.MAX_HEADER) + "\r\n\r\n",
                    "HTTP/1.1 431 Request Header Fields Too Large\r\n");
            assertAnswered(http, "POST / HTTP/1.1\r\nContent-Length: " + ProtocolApp.MAX_PACKET + "\r\n\r\n",
                    "HTTP/1.1 413 Content Too Large\r\n");
            server.awaitLine(l -> l.contains("closed: bad HTTP request: malformed request line"), DEADLINE);
            server.awaitLine(l -> l.contains("larger than http_header_max_length " + ProtocolApp.MAX_HEADER), DEADLINE);
            server.awaitLine(l -> l.contains("HTTP request larger than package_max_length"), DEADLINE);

            try (Socket c = connect(resp)) {
                for (byte b : (SET + GET_K + "PING\r\n").getBytes(StandardCharsets.US_ASCII)) {
                    c.getOutputStream().write(b);
                    c.getOutputStream().flush();
                }
                InputStream in = c.getInputStream();
                assertEquals(List.of(SET, GET_K, "PING\r\n"), List.of(bulk(in), bulk(in), bulk(in)));
            }
            assertAnswered(resp, "*1\r\n$x\r\n", "-ERR Protocol error: invalid bulk length\r\n");
            assertAnswered(resp, "PING\r\n*1\r\n$x\r\n", "$6\r\nPING\r\n\r\n-ERR Protocol error: invalid bulk length\r\n");
            assertAnswered(resp, "*1\r\n$" + (ProtocolApp.MAX_PACKET + 1) + "\r\n", "-ERR Protocol error: too big command\r\n");
            server.awaitLines(l -> l.contains("closed: bad RESP command: invalid bulk length"), 2, DEADLINE);
            assertEquals(2, server.lines().stream().filter(l -> l.contains("bad RESP command: invalid bulk length")).count(),
                    "one log line per refused connection");
        }
    }

    /** Sends {@code request} on a new connection: the answer starts with {@code answer}, then the server closes. */
    private static void assertAnswered(int port, String request, String answer) throws IOException {
        try (Socket c = connect(port)) {
            c.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String got = new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(got.startsWith(answer), "answer to " + request.substring(0, Math.min(40, request.length()))
                    + ": " + got);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setTcpNoDelay(true);
        s.setSoTimeout((int) DEADLINE);
        return s;
    }

    /** Reads one response with a Content-Length; returns its body. */
    static String httpBody(InputStream in) throws IOException {
        int length = -1;
        String line;
        while (!(line = line(in)).isEmpty()) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    /** Reads one bulk string reply. */
    private static String bulk(InputStream in) throws IOException {
        String head = line(in);
        assertTrue(head.startsWith("$"), head);
        String body = new String(in.readNBytes(Integer.parseInt(head.substring(1))), StandardCharsets.ISO_8859_1);
        assertEquals("", line(in));
        return body;
    }
}
