package io.jswoole.testsuite;

import io.jswoole.Server;
import java.util.HashMap;
import java.util.Map;

/**
 * A TCP echo server run as a child JVM under a low open-file limit: {@code LimitedEchoApp MODE
 * REACTOR [key=value ...]} with one worker; the extra arguments are settings.
 */
public final class LimitedEchoApp {
    private LimitedEchoApp() {
    }

    public static void main(String[] args) {
        Map<String, Object> settings = new HashMap<>(Map.of("mode", args[0], "reactor", args[1], "worker_num", 1));
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            settings.put(kv[0], kv[1]);
        }
        Server server = new Server("127.0.0.1", 0);
        server.set(settings);
        server.onReceive((s, fd, r, data) -> s.send(fd, data));
        server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id + " pid " + s.getWorkerPid()));
        server.start();
    }
}
