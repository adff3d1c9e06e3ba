package io.jswoole.testsuite;

import io.jswoole.Server;
import io.jswoole.SocketType;

/**
 * The server {@link SystemdNotifyTest} and {@link SocketActivationTest} run as a child JVM:
 * {@code SystemdApp MODE REACTOR WORKER_NUM [udp | unix:PATH] [key=value]...}, an echo server on 127.0.0.1
 * and a free TCP port, plus a UDP echo port with {@code udp}; or on the Unix stream socket PATH alone;
 * further settings as {@code key=value}.
 */
public final class SystemdApp {
    private SystemdApp() {
    }

    public static void main(String[] args) {
        String extra = args.length > 3 && !args[3].contains("=") ? args[3] : "";
        Server server = extra.startsWith("unix:")
                ? new Server(extra.substring("unix:".length()), 0, SocketType.UNIX_STREAM)
                        .set(java.util.Map.of("mode", args[0], "reactor", args[1]))
                : ModeServer.create(args[0], args[1]);
        server.set(java.util.Map.of("worker_num", Integer.parseInt(args[2])));
        for (int i = 3; i < args.length; i++) {
            if (args[i].contains("=")) {
                server.set(java.util.Map.of(args[i].substring(0, args[i].indexOf('=')),
                        args[i].substring(args[i].indexOf('=') + 1)));
            }
        }
        if (extra.equals("udp")) {
            server.listen("127.0.0.1", 0, SocketType.UDP);
            server.onPacket((s, data, client) -> s.sendto(client, data));
        }
        server.onReceive((s, fd, reactorId, data) -> s.send(fd, data));
        server.start();
    }
}
