package io.jswoole.testsuite;

import io.jswoole.Server;
import java.util.HashMap;
import java.util.Map;

/** The server the mode-by-reactor test apps start: base mode with one worker, or process mode with two and one reactor thread. */
public final class ModeServer {
    private ModeServer() {
    }

    /** A server on 127.0.0.1 and a free port, in {@code mode} ("base" or "process") on the reactor named {@code reactor}. */
    public static Server create(String mode, String reactor) {
        Server server = new Server("127.0.0.1", 0);
        Map<String, Object> settings = new HashMap<>(Map.of("mode", mode, "reactor", reactor, "worker_num",
                mode.equals("base") ? 1 : 2));
        if (mode.equals("process")) {
            settings.put("reactor_num", 1);
        }
        server.set(settings);
        return server;
    }
}
