package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jswoole.Server;
import io.jswoole.testing.Clients;
import io.jswoole.testing.ServerProcess;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * onBufferFull and onBufferEmpty in process mode: a dispatch function sees them as their own event
 * types, and with dispatch modes 1 and 3 they run in the worker that handled the connection.
 */
@Timeout(120)
class BufferEventsTest {
    /** What one "flood" request makes a worker send: far past the high water mark. */
    static final int CHUNK = 64 * 1024;
    static final int CHUNKS = 16;
    private static final Pattern EVENT = Pattern.compile("(onReceive|onBufferFull|onBufferEmpty) worker=(\\d+) fd=(\\d+)");

    @TempDir
    Path dir;

    /**
     * Three workers; each request is answered with {@value #CHUNKS} × {@value #CHUNK} bytes, and
     * every callback prints the worker it ran in. {@code dispatch=function} installs a dispatch
     * function that prints each event type it sees; any other {@code key=value} is a setting.
     */
    public static final class App {
        private App() {
        }

        public static void main(String[] args) {
            Map<String, Object> settings = new HashMap<>(Map.of("mode", "process", "worker_num", 3, "reactor_num", 1,
                    "socket_buffer_size", "256K", "kernel_socket_send_buffer_size", "64K"));
            boolean function = false;
            for (String a : args) {
                String[] kv = a.split("=", 2);
                if (kv[0].equals("dispatch")) {
                    function = true;
                } else {
                    settings.put(kv[0], kv[1]);
                }
            }
            Server server = new Server("127.0.0.1", 0);
            server.set(settings);
            server.onReceive((s, fd, r, data) -> {
                System.out.println("onReceive worker=" + s.getWorkerId() + " fd=" + fd);
                byte[] chunk = new byte[CHUNK];
                for (int i = 0; i < CHUNKS; i++) {
                    s.send(fd, chunk);
                }
            });
            server.onBufferFull((s, fd, r) -> System.out.println("onBufferFull worker=" + s.getWorkerId() + " fd=" + fd));
            server.onBufferEmpty((s, fd, r) -> System.out.println("onBufferEmpty worker=" + s.getWorkerId() + " fd=" + fd));
            if (function) {
                server.setDispatchFunction((fd, type, data) -> {
                    System.out.println("dispatch type=" + type + " fd=" + fd);
                    return fd % 3;
                });
            }
            server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id));
            server.start();
        }
    }

    @ParameterizedTest(name = "dispatch_mode={0}")
    @ValueSource(ints = {1, 3})
    void bufferEventsRunInTheWorkerThatHandledTheConnection(int mode) throws Exception {
        try (ServerProcess server = start("dispatch_mode=" + mode)) {
            List<String> events = overflowOnce(server);
            int handler = workerOf(events, "onReceive");
            assertEquals(handler, workerOf(events, "onBufferFull"), "onBufferFull in the worker of the packet: " + events);
            assertEquals(handler, workerOf(events, "onBufferEmpty"), "onBufferEmpty in the worker of the packet: " + events);
        }
    }

    @Test
    void aDispatchFunctionSeesBufferEventsAsTheirOwnTypes() throws Exception {
        try (ServerProcess server = start("dispatch=function")) {
            overflowOnce(server);
            server.awaitLine(l -> l.startsWith("dispatch type=" + Server.EVENT_BUFFER_FULL + " "), 10_000);
            server.awaitLine(l -> l.startsWith("dispatch type=" + Server.EVENT_BUFFER_EMPTY + " "), 10_000);
            long receives = server.lines().stream().filter(l -> l.startsWith("dispatch type=" + Server.EVENT_RECEIVE + " ")).count();
            assertEquals(1, receives, "one packet, one receive event: " + server.lines());
        }
    }

    private ServerProcess start(String... args) throws Exception {
        ServerProcess server = ServerProcess.start(dir, App.class, args);
        server.awaitLines(l -> l.startsWith("onWorkerStart"), 3, 30_000);
        return server;
    }

    /**
     * Sends one request without reading until onBufferFull ran, then reads the whole answer until
     * onBufferEmpty ran; returns the onReceive, onBufferFull and onBufferEmpty lines.
     */
    private static List<String> overflowOnce(ServerProcess server) throws Exception {
        try (Socket c = new Socket()) {
            c.setReceiveBufferSize(4096); // the server's queue, not the kernel's buffers, must take the answer
            c.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            c.setSoTimeout(10_000);
            c.getOutputStream().write("flood\n".getBytes(StandardCharsets.UTF_8));
            server.awaitLine(l -> l.startsWith("onBufferFull "), 20_000);
            InputStream in = c.getInputStream();
            Clients.readExactly(in, CHUNK * CHUNKS);
            server.awaitLine(l -> l.startsWith("onBufferEmpty "), 20_000);
        }
        List<String> events = new ArrayList<>();
        for (String l : server.lines()) {
            if (EVENT.matcher(l).find()) {
                events.add(l);
            }
        }
        return events;
    }

    private static int workerOf(List<String> events, String callback) {
        for (String l : events) {
            Matcher m = EVENT.matcher(l);
            if (m.find() && m.group(1).equals(callback)) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("no " + callback + " in " + events);
    }
}
