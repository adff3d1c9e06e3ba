package io.jswoole.testsuite.bench;

import io.jswoole.Server;
import io.jswoole.settings.Keys;

/**
 * A base-mode echo server for measuring a reactor against the C tools:
 * {@code EchoServerMain PORT REACTOR}. Runs until SIGTERM or SIGINT.
 */
public final class EchoServerMain {
    private EchoServerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: EchoServerMain PORT REACTOR");
            System.exit(2);
        }
        Server server = new Server("127.0.0.1", Integer.parseInt(args[0]));
        server.set(Keys.REACTOR, args[1]);
        server.set(Keys.LOG_LEVEL, "warning");
        server.onReceive((srv, fd, reactorId, data) -> srv.send(fd, data));
        server.onStart(srv -> System.out.println("ready pid " + ProcessHandle.current().pid()));
        server.start();
    }
}
