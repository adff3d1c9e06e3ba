package io.jswoole.testsuite.hostile;

import io.jswoole.Port;
import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.testsuite.ModeServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The server {@link HostileInputContract} attacks, run as a child JVM: {@code HostileApp MODE REACTOR}.
 * One port per kind of input, in this id order (see {@link Kind}):
 * <ol start="0">
 * <li>TCP, no framing: echoes every chunk;</li>
 * <li>TCP, {@code open_length_check} (4-byte big-endian body length, then the body), packets of at
 * most {@value #MAX_PACKET} bytes: echoes every packet;</li>
 * <li>TCP, {@code open_eof_split} on CRLF, at most {@value #MAX_PACKET} bytes: echoes every packet;</li>
 * <li>TCP, {@code open_eof_check} on CRLF, {@code buffer_input_size} {@value #EOF_CHECK_INPUT} bytes:
 * echoes what it gets;</li>
 * <li>TCP, {@code socket_buffer_size} {@value #PUSH_BUFFER} bytes: a chunk "push TOKEN" makes the
 * server send {@value #PUSH_CHUNKS} chunks of 64 KiB to that client, whether it reads or not; other
 * chunks are echoed;</li>
 * <li>UDP: echoes every datagram after 1 ms of work; a datagram "stall" holds the worker for
 * {@value #STALL_MILLIS} ms without an answer;</li>
 * <li>Unix stream socket at the path given as the third argument, {@code open_length_check} as
 * port 1: echoes every packet.</li>
 * </ol>
 * It prints "push TOKEN fd N" when a push starts and "push TOKEN done" when it has ended.
 */
public final class HostileApp {
    static final int MAX_PACKET = 64 * 1024;
    static final int EOF_CHECK_INPUT = 48 * 1024;
    static final int PUSH_BUFFER = 256 * 1024;
    static final int PUSH_CHUNKS = 320;
    static final int STALL_MILLIS = 3000;

    /** A 4-byte big-endian body length, then the body; packets of at most {@link #MAX_PACKET} bytes. */
    private static final Map<String, Object> LENGTH_FRAMING = Map.of("open_length_check", true, "package_length_type", "N",
            "package_length_offset", 0, "package_body_offset", 4, "package_max_length", MAX_PACKET);

    private HostileApp() {
    }

    /** The ports, by id. */
    enum Kind { RAW, LENGTH, EOF_SPLIT, EOF_CHECK, PUSH, UDP, UNIX_LENGTH }

    public static void main(String[] args) {
        String mode = args[0];
        Server server = ModeServer.create(mode, args[1]);
        server.onReceive((s, fd, r, data) -> s.send(fd, data));
        server.onPacket((s, data, client) -> s.sendto(client, data));

        server.listen("127.0.0.1", 0, SocketType.TCP).set(LENGTH_FRAMING);
        server.listen("127.0.0.1", 0, SocketType.TCP).set(Map.of("open_eof_split", true, "package_eof", "\r\n",
                "package_max_length", MAX_PACKET));
        server.listen("127.0.0.1", 0, SocketType.TCP).set(Map.of("open_eof_check", true, "package_eof", "\r\n",
                "package_max_length", MAX_PACKET, "buffer_input_size", EOF_CHECK_INPUT));
        Port push = server.listen("127.0.0.1", 0, SocketType.TCP).set(Map.of("socket_buffer_size", PUSH_BUFFER));
        push.onReceive(HostileApp::push);
        server.listen("127.0.0.1", 0, SocketType.UDP).onPacket((s, data, client) -> {
            if (new String(data, StandardCharsets.US_ASCII).equals("stall")) {
                Thread.sleep(STALL_MILLIS);
                return;
            }
            Thread.sleep(1);
            s.sendto(client, data);
        });
        server.listen(args[2], 0, SocketType.UNIX_STREAM).set(LENGTH_FRAMING);
        server.start();
    }

    /** Sends regardless of the client reading, as a careless application would, a chunk every 2 ms. */
    private static void push(Server s, int fd, int reactorId, byte[] data) {
        String text = new String(data, StandardCharsets.US_ASCII).trim();
        if (!text.startsWith("push ")) {
            s.send(fd, data);
            return;
        }
        String token = text.substring(5);
        System.out.println("push " + token + " fd " + fd);
        byte[] chunk = new byte[64 * 1024];
        int[] sent = {0};
        s.tick(2, id -> {
            if (!s.exists(fd) || sent[0]++ == PUSH_CHUNKS) {
                s.clearTimer(id);
                System.out.println("push " + token + " done");
                return;
            }
            s.send(fd, chunk);
        });
    }
}
