package io.jswoole.supervision.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Asks a running server's {@link AdminEndpoint} for one path: what {@code jswoole stats} does. */
public final class AdminClient {
    /** Bounds what is read back: a report of thousands of series is far below it. */
    private static final int MAX_ANSWER = 16 * 1024 * 1024;

    private AdminClient() {
    }

    /** An answer: the HTTP status and the body. */
    public record Answer(int status, String body) {
    }

    /** {@code GET path} on the endpoint in {@code runDir}. */
    public static Answer get(Path runDir, String path) throws IOException {
        return ask(runDir, "GET", path);
    }

    /** {@code POST path} (with no body) on the endpoint in {@code runDir}. */
    public static Answer post(Path runDir, String path) throws IOException {
        return ask(runDir, "POST", path);
    }

    private static Answer ask(Path runDir, String method, String path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(runDir.resolve(AdminEndpoint.FILE)));
            ch.write(ByteBuffer.wrap((method + " " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (ch.read(buf.clear()) >= 0) {
                all.write(buf.array(), 0, buf.position());
                if (all.size() > MAX_ANSWER) {
                    throw new IOException("the admin endpoint's answer exceeds " + MAX_ANSWER + " bytes");
                }
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            String[] statusLine = text.split(" ", 3);
            if (headEnd < 0 || statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                throw new IOException("the admin endpoint gave no HTTP answer");
            }
            return new Answer(Integer.parseInt(statusLine[1]), text.substring(headEnd + 4));
        }
    }
}
