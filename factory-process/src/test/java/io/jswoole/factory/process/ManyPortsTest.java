package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jswoole.JswooleException;
import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.testing.Clients;
import io.jswoole.testing.ServerProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Process mode with more listening ports than fit in a byte: each port's packets reach that port's callbacks. */
@Timeout(120)
class ManyPortsTest {
    static final int PORTS = 130;

    @TempDir
    Path dir;

    /** {@value #PORTS} TCP ports; every one echoes, the last one prefixes its port id. */
    public static final class App {
        private App() {
        }

        public static void main(String[] args) {
            Server server = new Server("127.0.0.1", 0);
            server.set(Map.of("mode", "process", "worker_num", 1, "reactor_num", 1));
            server.onReceive((s, fd, r, data) -> s.send(fd, data));
            for (int i = 1; i < PORTS - 1; i++) {
                server.listen("127.0.0.1", 0, SocketType.TCP);
            }
            server.listen("127.0.0.1", 0, SocketType.TCP)
                    .onReceive((s, fd, r, data) -> s.send(fd, ("port " + (PORTS - 1) + ": "
                            + new String(data, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
            server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id));
            server.start();
        }
    }

    @Test
    void theLastOfManyPortsReachesItsOwnCallback() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, App.class)) {
            server.awaitLine(l -> l.startsWith("onWorkerStart"), 30_000);
            assertEquals("hello\n", ask(server.port(0), "hello\n"));
            assertEquals("port 129: hello\n", ask(server.port(PORTS - 1), "hello\n"));
            assertEquals("again\n", ask(server.port(PORTS - 2), "again\n"));
        }
    }

    @Test
    void moreListeningPortsThanTheHeaderHoldsAreRefusedInOneLine() {
        Msg.checkPortCount(Msg.MAX_PORTS);
        JswooleException e = assertThrows(JswooleException.class, () -> Msg.checkPortCount(Msg.MAX_PORTS + 1));
        assertEquals("process mode serves at most 65535 listening ports, not 65536", e.getMessage());
    }

    private static String ask(int port, String line) throws Exception {
        try (Socket c = Clients.connect("127.0.0.1", port)) {
            c.setSoTimeout(10_000);
            OutputStream out = c.getOutputStream();
            InputStream in = c.getInputStream();
            out.write(line.getBytes(StandardCharsets.UTF_8));
            StringBuilder reply = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                reply.append((char) b);
                if (b == '\n') {
                    break;
                }
            }
            return reply.toString();
        }
    }
}
