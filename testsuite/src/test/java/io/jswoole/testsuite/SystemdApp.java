package io.jswoole.testsuite;

import io.jswoole.Server;
import io.jswoole.SocketType;

/**
 * The server {@link SystemdNotifyTest} and {@link SocketActivationTest} run as a child JVM:
 * {@code SystemdApp MODE REACTOR WORKER_NUM [udp]}, an echo server on 127.0.0.1 and a free TCP
 * port, plus a UDP echo port with {@code udp}.
 */
public final class SystemdApp {
    private SystemdApp() {
    }

    public static void main(String[] args) {
        Server server = ModeServer.create(args[0], args[1]);
        server.set(java.util.Map.of("worker_num", Integer.parseInt(args[2])));
        if (args.length > 3 && args[3].equals("udp")) {
            server.listen("127.0.0.1", 0, SocketType.UDP);
            server.onPacket((s, data, client) -> s.sendto(client, data));
        }
        server.onReceive((s, fd, reactorId, data) -> s.send(fd, data));
        server.start();
    }
}
