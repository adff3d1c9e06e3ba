package com.example.hello;

import io.jswoole.Server;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A line-oriented TCP server with two workers and a task worker: a line is echoed back, a line
 * {@code task <text>} is upper-cased by the task worker and the result sent back.
 *
 * <pre>{@code
 * $ printf 'hello\ntask world\n' | nc 127.0.0.1 9501
 * hello
 * WORLD
 * }</pre>
 *
 * Run {@code java -jar target/hello-server.jar [port [key=value...]]}; a {@code key=value} after
 * the port is one more setting ({@code mode=process}, {@code buffer_input=true}). SIGTERM or
 * Ctrl-C stops it.
 */
public final class HelloServer {
    private HelloServer() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9501;
        Server server = new Server("127.0.0.1", port);
        Map<String, Object> settings = new HashMap<>(Map.of(
                "worker_num", 2,
                "task_worker_num", 1,
                "open_eof_split", true,
                "package_eof", "\n"));
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not a setting (key=value): " + args[i]);
            }
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        server.set(settings);
        server.onReceive((srv, fd, reactorId, data) -> {
            String line = new String(data, StandardCharsets.UTF_8);
            if (line.startsWith("task ")) {
                // The task carries the connection, so that onFinish knows where the result goes.
                srv.task((fd + " " + line.substring(5)).getBytes(StandardCharsets.UTF_8));
            } else {
                srv.send(fd, data);
            }
        });
        server.onTask((srv, taskId, fromWorker, data) ->
                new String(data, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        server.onFinish((srv, taskId, result) -> {
            String r = new String(result, StandardCharsets.UTF_8);
            int space = r.indexOf(' ');
            srv.send(Integer.parseInt(r.substring(0, space)), r.substring(space + 1));
        });
        server.start();
    }
}
