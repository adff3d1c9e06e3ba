package io.jswoole.testsuite;

import io.jswoole.Server;
import io.jswoole.SocketType;
import java.util.Map;

/**
 * A process-mode echo server for {@link ProcessModeContractTest}, run as a child JVM:
 * {@code ProcessEchoApp REACTOR}. One reactor thread, two worker processes, TCP and UDP echo.
 */
public final class ProcessEchoApp {
    private ProcessEchoApp() {
    }

    public static void main(String[] args) {
        Server server = new Server("127.0.0.1", 0);
        server.set(Map.of("mode", "process", "reactor", args[0], "reactor_num", 1, "worker_num", 2));
        server.listen("127.0.0.1", 0, SocketType.UDP);
        server.onReceive((s, fd, r, data) -> s.send(fd, data));
        server.onPacket((s, data, client) -> s.sendto(client, data));
        server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id));
        server.start();
    }
}
