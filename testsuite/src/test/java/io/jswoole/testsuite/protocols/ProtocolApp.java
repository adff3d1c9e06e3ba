package io.jswoole.testsuite.protocols;

import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.examples.Resp;
import io.jswoole.testsuite.ModeServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The server {@link ProtocolFramingTest} drives, run as a child JVM: {@code ProtocolApp MODE REACTOR}.
 * Port 0 frames HTTP ({@code open_http_protocol}, requests of at most {@value #MAX_PACKET} bytes,
 * headers of at most {@value #MAX_HEADER}) and answers each request with a 200 whose body is the
 * whole request as the worker received it; port 1 frames RESP ({@code open_redis_protocol}, at most
 * {@value #MAX_PACKET} bytes) and answers each command with a bulk string holding the command as
 * received.
 */
public final class ProtocolApp {
    static final int MAX_PACKET = 64 * 1024;
    static final int MAX_HEADER = 1024;

    private ProtocolApp() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        Server server = ModeServer.create(mode, args[1]);
        server.ports().get(0).set(Map.of("open_http_protocol", true, "package_max_length", MAX_PACKET,
                "http_header_max_length", MAX_HEADER));
        server.onReceive((s, fd, r, data) -> {
            byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + data.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] reply = new byte[head.length + data.length];
            System.arraycopy(head, 0, reply, 0, head.length);
            System.arraycopy(data, 0, reply, head.length, data.length);
            s.send(fd, reply);
        });
        server.listen("127.0.0.1", 0, SocketType.TCP).set(Map.of("open_redis_protocol", true,
                "package_max_length", MAX_PACKET)).onReceive((s, fd, r, data) -> s.send(fd, Resp.bulk(data)));
        server.start();
    }
}
