package io.jswoole.testsuite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.testing.ServerProcess;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code http} example driven by curl, wrk and raw sockets (the subclasses choose the mode and
 * reactor): keep-alive, pipelining, {@code Connection: close}, HTTP/1.0, HEAD, a chunked upload,
 * the routes, and bad requests answered then closed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
abstract class HttpExampleContract {
    private static final String HELLO = "Hello, world!\n";

    @TempDir
    Path dir;
    private ServerProcess server;
    private String url;
    private int port;

    abstract String mode();

    abstract String reactor();

    abstract int workers();

    @BeforeAll
    void start() throws Exception {
        server = ServerProcess.start(dir, ExampleApp.class, "http", mode(), reactor(), Integer.toString(workers()));
        port = server.port(0);
        url = "http://127.0.0.1:" + port;
        if (mode().equals("process")) {
            server.awaitLines(l -> l.contains("] INFO ready "), workers(), 60_000);
        }
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void curlReusesOneConnectionForSeveralRequests() throws Exception {
        ClientTool.Result r = ClientTool.run(30, "curl", "-sv", url + "/", url + "/stats");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("Re-using existing connection"), r.err());
        assertTrue(r.out().startsWith(HELLO + "{\"startTime\":"), r.out());
        assertTrue(r.out().contains("\"connectionNum\":") && r.out().endsWith("}\n"), r.out());
        assertTrue(r.err().contains("< Content-Type: application/json"), r.err());
    }

    @Test
    void curlUploadsAChunkedBodyThatIsEchoed() throws Exception {
        byte[] data = new byte[300_000];
        new Random(15).nextBytes(data);
        Path upload = dir.resolve("upload.bin");
        Path answer = dir.resolve("answer.bin");
        Files.write(upload, data);
        ClientTool.Result r = ClientTool.run(30, "curl", "-sS", "-H", "Transfer-Encoding: chunked", "--data-binary",
                "@" + upload, "-o", answer.toString(), url + "/echo");
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(data, Files.readAllBytes(answer));
    }

    @Test
    void aLargeUploadGets100ContinueSoCurlSendsItsBodyAtOnce() throws Exception {
        byte[] data = new byte[1_500_000]; // over curl's threshold for Expect: 100-continue
        new Random(100).nextBytes(data);
        Path upload = dir.resolve("large.bin");
        Path answer = dir.resolve("large-answer.bin");
        Files.write(upload, data);
        ClientTool.Result r = ClientTool.run(30, "curl", "-sSv", "--expect100-timeout", "20", "--data-binary",
                "@" + upload, "-o", answer.toString(), url + "/echo");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("> Expect: 100-continue") && r.err().contains("< HTTP/1.1 100 Continue"), r.err());
        assertArrayEquals(data, Files.readAllBytes(answer));
    }

    @Test
    void curlHeadGetsTheHeadersOnly() throws Exception {
        ClientTool.Result r = ClientTool.run(30, "curl", "-sSI", url + "/");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("HTTP/1.1 200 OK\r\n"), r.out());
        assertTrue(r.out().contains("Content-Length: 14\r\n"), r.out());
        assertTrue(r.out().endsWith("\r\n\r\n"), "no body: " + r.out());
    }

    @Test
    void theDateHeaderIsNow() throws Exception {
        try (Socket c = Wire.connect(port)) {
            Wire.write(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            Wire.Response res = Wire.response(c.getInputStream(), false);
            ZonedDateTime date = ZonedDateTime.parse(res.headers().get("date"), DateTimeFormatter.RFC_1123_DATE_TIME);
            assertTrue(Math.abs(ChronoUnit.SECONDS.between(date, ZonedDateTime.now())) < 30, res.headers().get("date"));
            assertTrue(res.headers().get("date").matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"),
                    res.headers().get("date"));
            assertEquals(HELLO, res.body());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (Socket c = Wire.connect(port)) {
            Wire.write(c, "GET / HTTP/1.1\r\n\r\nPOST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                    + "HEAD / HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n1\r\nz\r\n0\r\n\r\n");
            InputStream in = c.getInputStream();
            assertEquals(HELLO, Wire.response(in, false).body());
            assertEquals("abc", Wire.response(in, false).body());
            Wire.Response head = Wire.response(in, true);
            assertEquals("14", head.headers().get("content-length"));
            assertEquals("HTTP/1.1 404 Not Found", Wire.response(in, false).status());
            assertEquals("xyz", Wire.response(in, false).body());
        }
    }

    @Test
    void connectionCloseAndHttp10CloseAfterTheAnswer() throws Exception {
        for (String request : new String[] {"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", "GET / HTTP/1.0\r\n\r\n"}) {
            try (Socket c = Wire.connect(port)) {
                Wire.write(c, request);
                InputStream in = c.getInputStream();
                Wire.Response res = Wire.response(in, false);
                assertEquals(HELLO, res.body());
                assertEquals("close", res.headers().get("connection"));
                assertEquals(-1, in.read(), "closed after the answer to " + request);
            }
        }
        try (Socket c = Wire.connect(port)) {
            Wire.write(c, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("keep-alive", Wire.response(c.getInputStream(), false).headers().get("connection"));
            Wire.write(c, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals(HELLO, Wire.response(c.getInputStream(), false).body());
        }
    }

    @Test
    void garbageIsAnswered400ThenClosed() throws Exception {
        try (Socket c = Wire.connect(port)) {
            Wire.write(c, "GET / HTTP/1.1\r\n\r\n\u0001\u0002 garbage \u00ff\r\n\r\n");
            InputStream in = c.getInputStream();
            assertEquals(HELLO, Wire.response(in, false).body());
            Wire.Response bad = Wire.response(in, false);
            assertEquals("HTTP/1.1 400 Bad Request", bad.status());
            assertEquals("close", bad.headers().get("connection"));
            assertEquals(-1, in.read());
        }
        ClientTool.Result r = ClientTool.run(30, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "Content-Length: 99999999", "-X", "POST", url + "/echo");
        assertEquals("413", r.out(), r.err());
        server.awaitLine(l -> l.contains("bad HTTP request"), 20_000);
    }

    @Test
    void wrkGetsOnlySuccessfulAnswers() throws Exception {
        ClientTool.Result r = ClientTool.run(60, "wrk", "-t1", "-c8", "-d1s", url + "/");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Requests/sec:"), r.out());
        assertTrue(!r.out().contains("Non-2xx") && !r.out().contains("Socket errors"), r.out());
    }

    @Test
    void otherMethodsOnReadOnlyRoutesAre405() throws Exception {
        ClientTool.Result r = ClientTool.run(30, "curl", "-s", "-i", "-X", "DELETE", url + "/stats");
        assertTrue(r.out().startsWith("HTTP/1.1 405 Method Not Allowed\r\n"), r.out());
        assertTrue(r.out().contains("Allow: GET, HEAD\r\n"), r.out());
    }
}
