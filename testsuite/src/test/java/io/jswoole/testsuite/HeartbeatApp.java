package io.jswoole.testsuite;

import io.jswoole.Port;
import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.event.ConnectionHandler;
import io.jswoole.event.ReceiveHandler;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A server with a heartbeat for {@link HeartbeatContractTest}, run as a child JVM:
 * {@code HeartbeatApp MODE REACTOR}. One worker; {@code heartbeat_check_interval=1} only, so the
 * main port's idle time is the default 2 s; port 1 sets its own 4 s; port 2 is UDP echo.
 *
 * <p>Each connection is greeted with {@code fd N}; each line is a command: {@code ping} answers
 * {@code pong}; {@code list} answers {@code list [fds]} from {@code heartbeat(false)}; {@code probe N} waits (on a 10 ms timer) until {@code heartbeat(false)} lists
 * connection N, checks 20 ms later that listing did not close it, then calls
 * {@code heartbeat(true)} and answers {@code probe listed=[..] again=[..] closed=[..] gone=B}, or
 * {@code probe missed} when N closed before that (the server's own sweep came first). onClose
 * prints {@code onClose fd=N reactor=R}.
 */
public final class HeartbeatApp {
    private HeartbeatApp() {
    }

    public static void main(String[] args) {
        Server server = new Server("127.0.0.1", 0);
        server.set(Map.of("mode", args[0], "reactor", args[1], "worker_num", 1, "heartbeat_check_interval", 1));
        if (args[0].equals("process")) {
            server.set(Map.of("reactor_num", 1));
        }
        Port longer = server.listen("127.0.0.1", 0, SocketType.TCP);
        longer.set(Map.of("heartbeat_idle_time", 4));
        server.listen("127.0.0.1", 0, SocketType.UDP);
        ReceiveHandler commands = HeartbeatApp::command;
        ConnectionHandler greet = (s, fd, r) -> s.send(fd, ("fd " + fd + "\n").getBytes(StandardCharsets.UTF_8));
        ConnectionHandler closed = (s, fd, r) -> System.out.println("onClose fd=" + fd + " reactor=" + r);
        for (Port p : server.ports()) {
            if (p.type().isStream()) {
                p.set(Map.of("open_eof_split", true, "package_eof", "\n"));
                p.onConnect(greet);
                p.onReceive(commands);
                p.onClose(closed);
            }
        }
        server.onPacket((s, data, client) -> s.sendto(client, data));
        server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id));
        server.start();
    }

    private static void command(Server s, int fd, int reactorId, byte[] data) {
        String line = new String(data, StandardCharsets.UTF_8).trim();
        if (line.equals("ping")) {
            reply(s, fd, "pong");
        } else if (line.equals("list")) {
            reply(s, fd, "list " + Arrays.toString(s.heartbeat(false)));
        } else if (line.startsWith("probe ")) {
            int target = Integer.parseInt(line.substring(6));
            s.tick(10, id -> {
                int[] listed = s.heartbeat(false);
                if (contains(listed, target)) {
                    s.clearTimer(id);
                    int[] again = s.heartbeat(false);
                    s.after(20, t -> {
                        if (!s.exists(target)) {
                            reply(s, fd, "probe missed");
                            return;
                        }
                        int[] closed = s.heartbeat(true);
                        // In base mode the close is done when heartbeat(true) returns; in process
                        // mode it is a request to the reactor thread.
                        reply(s, fd, "probe listed=" + Arrays.toString(listed) + " again=" + Arrays.toString(again)
                                + " closed=" + Arrays.toString(closed) + " gone=" + !s.exists(target));
                    });
                } else if (!s.exists(target)) {
                    s.clearTimer(id);
                    reply(s, fd, "probe missed");
                }
            });
        }
    }

    private static boolean contains(int[] fds, int fd) {
        return Arrays.stream(fds).anyMatch(f -> f == fd);
    }

    private static void reply(Server s, int fd, String text) {
        s.send(fd, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
