package io.jswoole.factory.base;

import io.jswoole.Server;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A server for the multi-process tests, run as a child JVM: answers each line with
 * {@code worker=<id> pid=<pid>} (onWorkerStart can be made to fail by setting worker_start_fail).
 *
 * <pre>MultiProcessApp port key=value...</pre>
 */
public final class MultiProcessApp {
    private MultiProcessApp() {
    }

    public static void main(String[] args) {
        Map<String, Object> settings = new HashMap<>();
        boolean failStart = false;
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv[0].equals("worker_start_fail")) {
                failStart = true;
            } else {
                settings.put(kv[0], kv[1]);
            }
        }
        Server server = new Server("127.0.0.1", Integer.parseInt(args[0]));
        server.set(settings);
        server.set(Map.of("open_eof_split", "true", "package_eof", "\\n"));
        boolean fail = failStart;
        server.onWorkerStart((s, id) -> {
            if (fail) {
                throw new IllegalStateException("worker " + id + " refuses to start");
            }
            System.out.println("onWorkerStart " + id + " pid " + s.getWorkerPid());
        });
        server.onWorkerError((s, id, pid, code, signal) ->
                System.out.println("onWorkerError " + id + " pid " + pid + " code " + code + " signal " + signal));
        server.onStart(s -> System.out.println("onStart master " + s.getMasterPid()));
        server.onManagerStart(s -> System.out.println("onManagerStart"));
        server.onShutdown(s -> System.out.println("onShutdown"));
        server.onReceive((s, fd, r, data) -> s.send(fd, ("worker=" + s.getWorkerId() + " pid=" + s.getWorkerPid() + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        server.start();
    }
}
