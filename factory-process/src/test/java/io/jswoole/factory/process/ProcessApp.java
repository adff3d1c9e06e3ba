package io.jswoole.factory.process;

import io.jswoole.Server;
import io.jswoole.SocketType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A process-mode server for the tests, run as a child JVM. Ports in this order: TCP echo on
 * 127.0.0.1, UDP echo on 127.0.0.1, TCP echo on ::1 ({@code ipv6=true}), Unix stream echo
 * ({@code unix=PATH}), and a whoami port ({@code whoami=true}: each line is answered with
 * {@code worker=<id> pid=<pid> fd=<fd>}; a line {@code bind N} binds the connection to uid N first).
 * ({@code info} first answers exists, remote port, client list size and connection count from
 * the worker; {@code pipe N text} sends text to worker N, which prints it in onPipeMessage).
 * A datagram {@code sendto ADDRESS} makes the worker send "direct" to ADDRESS at the sender's
 * port, then answer {@code sendto=<result>}.
 * {@code dispatch=worker1} installs a dispatch function that sends everything to worker 1.
 * {@code view=true} echoes with onReceiveBuffer and send(fd, ByteBuffer) instead of the byte[] forms.
 * {@code delay=MS} makes the byte[] echo take that long, so that a worker always holds requests.
 * Any other {@code key=value} is a setting.
 */
public final class ProcessApp {
    private ProcessApp() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = new HashMap<>();
        Map<String, Object> settings = new HashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "ipv6", "unix", "whoami", "dispatch", "view", "delay" -> opts.put(kv[0], kv[1]);
                default -> settings.put(kv[0], kv[1]);
            }
        }
        Server server = new Server("127.0.0.1", 0);
        server.set(Map.of("mode", "process"));
        server.set(settings);
        if ("true".equals(opts.get("view"))) {
            server.onReceiveBuffer((s, fd, r, data) -> s.send(fd, data));
        } else {
            long delay = Long.parseLong(opts.getOrDefault("delay", "0"));
            server.onReceive((s, fd, r, data) -> {
                if (delay > 0) {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                s.send(fd, data);
            });
        }
        server.onPacket((s, data, client) -> {
            String text = new String(data, StandardCharsets.UTF_8);
            if (text.startsWith("sendto ")) { // answers whether sendto took the address
                boolean sent = s.sendto(text.substring(7), client.port(), "direct".getBytes(StandardCharsets.UTF_8),
                        client.serverSocket());
                s.sendto(client, ("sendto=" + sent).getBytes(StandardCharsets.UTF_8));
            } else {
                s.sendto(client, data);
            }
        });
        server.listen("127.0.0.1", 0, SocketType.UDP);
        if ("true".equals(opts.get("ipv6"))) {
            server.listen("::1", 0, SocketType.TCP6);
        }
        if (opts.containsKey("unix")) {
            server.listen(opts.get("unix"), 0, SocketType.UNIX_STREAM);
        }
        if ("true".equals(opts.get("whoami"))) {
            server.listen("127.0.0.1", 0, SocketType.TCP)
                    .set(Map.of("open_eof_split", true, "package_eof", "\n"))
                    .onReceive((s, fd, r, data) -> {
                        String line = new String(data, StandardCharsets.UTF_8).trim();
                        if (line.startsWith("bind ")) {
                            s.bind(fd, Long.parseLong(line.substring(5)));
                        } else if (line.equals("info")) {
                            var info = s.getClientInfo(fd);
                            s.send(fd, "exists=" + s.exists(fd) + " remotePort=" + info.remotePort() + " list="
                                    + s.getClientList(0, 100).length + " conns=" + s.stats().connectionNum() + " ");
                        } else if (line.startsWith("pipe ")) {
                            String[] p = line.split(" ", 3);
                            s.sendMessage(p[2], Integer.parseInt(p[1]));
                        }
                        s.send(fd, "worker=" + s.getWorkerId() + " pid=" + s.getWorkerPid() + " fd=" + fd + "\n");
                    });
        }
        if ("worker1".equals(opts.get("dispatch"))) {
            server.setDispatchFunction((fd, type, data) -> 1);
        }
        server.onPipeMessage((s, src, msg) -> System.out.println("onPipeMessage at " + s.getWorkerId() + " from " + src
                + ": " + new String(msg, StandardCharsets.UTF_8)));
        server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id + " pid " + s.getWorkerPid()));
        server.start();
    }
}
