package io.jswoole.testsuite.examples;

import io.jswoole.Server;
import io.jswoole.examples.Examples;
import java.util.Map;

/**
 * A built-in example in a child JVM, on 127.0.0.1 and a free port:
 * {@code ExampleApp NAME MODE REACTOR WORKERS}.
 */
public final class ExampleApp {
    private ExampleApp() {
    }

    public static void main(String[] args) {
        Server server = Examples.create(args[0], "127.0.0.1", 0);
        server.set(Map.of("mode", args[1], "reactor", args[2], "worker_num", Integer.parseInt(args[3])));
        if (args[1].equals("process")) {
            server.set(Map.of("reactor_num", 2));
        }
        server.start();
    }
}
