package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.testing.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replies that cannot all be kept for a client that does not read: the client gets every byte
 * up to the first one that could not be kept, then its connection closes. Never a gap in the
 * stream with the connection left open. Both places where a reply can be refused: the master's
 * queue for the client (past socket_buffer_size and its slack for replies in flight), and the
 * worker's pipe to the master (more than its queue takes in one loop turn).
 */
@Timeout(120)
class ReplyOverflowTest {
    /** Each reply: 1 MiB of one byte value, the reply's number in its connection. */
    static final int REPLY = 1 << 20;

    @TempDir
    Path dir;

    /**
     * A line {@code N at-once} makes the worker send N replies in its onReceive; a line
     * {@code oversized} sends one and then one of 9 MiB, which the worker's pipe takes (it was
     * nearly empty) and the master's queue for the client cannot (256 KiB + 8 MiB).
     */
    public static final class App {
        private App() {
        }

        public static void main(String[] args) {
            io.jswoole.Server server = new io.jswoole.Server("127.0.0.1", 0);
            server.set(Map.of("mode", "process", "worker_num", 1, "reactor_num", 1, "socket_buffer_size", "256K",
                    "kernel_socket_send_buffer_size", "64K", "buffer_output_size", "16M", "open_eof_split", true,
                    "package_eof", "\n"));
            Map<Integer, Integer> sent = new HashMap<>();
            server.onReceive((s, fd, r, data) -> {
                String[] words = new String(data, StandardCharsets.UTF_8).trim().split(" ");
                if (words[0].equals("oversized")) {
                    reply(s, fd, sent, REPLY);
                    reply(s, fd, sent, 9 << 20);
                } else {
                    for (int i = 0; i < Integer.parseInt(words[0]); i++) {
                        reply(s, fd, sent, REPLY);
                    }
                }
            });
            server.start();
        }

        private static void reply(io.jswoole.Server s, int fd, Map<Integer, Integer> sent, int size) {
            int k = sent.merge(fd, 1, Integer::sum) - 1;
            byte[] b = new byte[size];
            java.util.Arrays.fill(b, (byte) k);
            s.send(fd, b);
        }
    }

    @Test
    void theMastersQueueForAClientThatDoesNotReadClosesItWithoutAGap() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, App.class)) {
            long got = requestAndReadUntilClosed(server, "oversized\n", "cannot be queued; closing it");
            assertTrue(got <= REPLY, "the first reply at most: " + got);
        }
    }

    @Test
    void aWorkersFullPipeClosesTheConnectionWithoutAGap() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, App.class)) {
            long got = requestAndReadUntilClosed(server, "40 at-once\n", "loses a message and is closed");
            assertTrue(got < 40L * REPLY, "closed before all 40 MiB: " + got);
        }
    }

    /**
     * Sends the request, reads nothing until the server logs {@code logged}, then reads until the
     * connection ends, checking that byte p belongs to reply p / {@value #REPLY}; returns the bytes read.
     */
    private static long requestAndReadUntilClosed(ServerProcess server, String request, String logged) throws Exception {
        try (Socket c = new Socket()) {
            c.setReceiveBufferSize(64 * 1024);
            c.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            c.setSoTimeout(20_000);
            c.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            server.awaitLine(l -> l.contains(logged), 30_000);
            InputStream in = c.getInputStream();
            byte[] buf = new byte[65536];
            long got = 0;
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException reset) {
                    return got; // a reset ends it as well as end of stream
                }
                if (n < 0) {
                    return got;
                }
                for (int i = 0; i < n; i++) {
                    long p = got + i;
                    if (buf[i] != (byte) (p / REPLY)) {
                        throw new AssertionError("byte " + p + " is from reply " + buf[i] + ", not " + p / REPLY);
                    }
                }
                got += n;
            }
        }
    }
}
