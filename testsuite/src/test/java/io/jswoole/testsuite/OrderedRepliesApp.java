package io.jswoole.testsuite;

import io.jswoole.Server;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A server for {@link OrderedRepliesTest}, run as a child JVM: {@code OrderedRepliesApp MODE ORDERED}.
 * Two workers; each line is a number N, answered with the line {@code N} in two sends. Even
 * numbers take 20 ms of work first. In process mode a dispatch function sends N to worker
 * {@code N % 2}, so a client that pipelines its lines has them handled by both workers at once;
 * {@code ORDERED} sets {@code ordered_replies}.
 */
public final class OrderedRepliesApp {
    private OrderedRepliesApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Server server = new Server("127.0.0.1", 0);
        server.set(Map.of("mode", mode, "worker_num", 2, "open_eof_split", true, "package_eof", "\n",
                "ordered_replies", Boolean.parseBoolean(args[1])));
        if (mode.equals("process")) {
            server.set(Map.of("reactor_num", 1));
            server.setDispatchFunction((fd, type, data) -> type == Server.EVENT_RECEIVE ? number(data) % 2 : fd % 2);
        }
        server.onReceive((s, fd, reactorId, data) -> {
            String line = new String(data, StandardCharsets.US_ASCII).trim();
            if (Integer.parseInt(line) % 2 == 0) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            s.send(fd, line.getBytes(StandardCharsets.US_ASCII));
            s.send(fd, "\n".getBytes(StandardCharsets.US_ASCII));
        });
        server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id));
        server.start();
    }

    private static int number(java.nio.ByteBuffer data) {
        int n = 0;
        for (int i = data.position(); i < data.limit() && Character.isDigit(data.get(i)); i++) {
            n = n * 10 + data.get(i) - '0';
        }
        return n;
    }
}
