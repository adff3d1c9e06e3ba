package io.jswoole.examples;

import io.jswoole.Server;
import io.jswoole.settings.Keys;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns each received line into a task: a task worker upper-cases it and the reply names the task
 * worker that ran it. A line starting with {@code wait } is run with {@code taskwait} (the worker
 * blocks until the result), any other line with {@code task} (the result comes back in onFinish).
 *
 * <pre>{@code
 * $ printf 'hello\nwait world\n' | nc 127.0.0.1 9501
 * task_worker=1 pid=4243 task=0 HELLO
 * task_worker=2 pid=4244 task=1 WORLD (taskwait)
 * }</pre>
 */
public final class TasksServer {
    private TasksServer() {
    }

    /** A line-oriented TCP server with two task workers on {@code host:port}, not started. */
    public static Server create(String host, int port) {
        Server server = new Server(host, port, Sockets.tcp(host));
        server.set(Keys.OPEN_EOF_SPLIT, true);
        server.set(Keys.PACKAGE_EOF, "\\n");
        server.set(Keys.TASK_WORKER_NUM, 2);
        server.onReceive((srv, fd, reactorId, data) -> {
            String line = new String(data, StandardCharsets.UTF_8).strip();
            if (line.startsWith("wait ")) {
                byte[] result = srv.taskwait(utf8("0\n" + line.substring(5)), 5_000);
                srv.send(fd, result == null ? "taskwait timed out\n" : new String(result, StandardCharsets.UTF_8)
                        .substring(2) + " (taskwait)\n");
            } else if (srv.task(utf8(fd + "\n" + line)) < 0) {
                srv.send(fd, "busy: the task queue is full\n");
            }
        });
        // The task carries the connection: "<fd>\n<text>"; the result "<fd>\n<reply>".
        server.onTask((srv, taskId, srcWorkerId, data) -> {
            String task = new String(data, StandardCharsets.UTF_8);
            int nl = task.indexOf('\n');
            return utf8(task.substring(0, nl) + "\ntask_worker=" + srv.getWorkerId() + " pid=" + srv.getWorkerPid()
                    + " task=" + taskId + " " + task.substring(nl + 1).toUpperCase(Locale.ROOT));
        });
        server.onFinish((srv, taskId, result) -> {
            String r = new String(result, StandardCharsets.UTF_8);
            int nl = r.indexOf('\n');
            srv.send(Integer.parseInt(r.substring(0, nl)), r.substring(nl + 1) + "\n");
        });
        return server;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs the server: {@code TasksServer [host [port]]}, by default on 127.0.0.1:9501. */
    public static void main(String[] args) {
        create(Sockets.host(args), Sockets.port(args)).start();
    }
}
