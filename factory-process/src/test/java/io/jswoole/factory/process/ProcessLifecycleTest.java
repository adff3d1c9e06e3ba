package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.testing.SettingEffect;
import io.jswoole.Server;
import io.jswoole.testing.Clients;
import io.jswoole.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Process mode's process tree: a lone worker is replaced like any other; reactor_num follows worker_num. */
@Timeout(90)
class ProcessLifecycleTest {

    @TempDir
    Path dir;

    /**
     * A process-mode server answering each line with {@code reactor=<r> pid=<worker pid>}, run as a
     * child JVM: {@code App key=value...}.
     */
    public static final class App {
        public static void main(String[] args) {
            Map<String, Object> settings = new HashMap<>();
            for (String a : args) {
                String[] kv = a.split("=", 2);
                settings.put(kv[0], kv[1]);
            }
            Server server = new Server("127.0.0.1", 0);
            server.set(Map.of("mode", "process", "open_eof_split", true, "package_eof", "\\n"));
            server.set(settings);
            server.onReceive((s, fd, r, data) -> s.send(fd, "reactor=" + r + " pid=" + s.getWorkerPid() + "\n"));
            server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id + " pid " + s.getWorkerPid()));
            server.start();
        }
    }

    /** Asks once on a new connection: {reactor id, worker pid}. */
    private static long[] ask(int port) throws IOException {
        try (Socket s = Clients.connect("127.0.0.1", port)) {
            s.getOutputStream().write("who\n".getBytes(StandardCharsets.UTF_8));
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IOException("closed by the server");
            }
            String[] f = line.split("[ =]");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[3])};
        }
    }

    @SettingEffect(keys = "reactor_num", modes = "process")

    @Test
    void reactorNumAboveWorkerNumIsLoweredToIt() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, App.class, "worker_num=1", "reactor_num=4")) {
            int port = server.port();
            server.awaitLine(l -> l.startsWith("onWorkerStart 0"), 30_000);
            Set<Long> reactors = new TreeSet<>();
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    open.add(Clients.connect("127.0.0.1", port)); // several fds at once: fd % reactor_num differ
                    reactors.add(ask(port)[0]);
                }
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
            assertEquals(Set.of(0L), reactors, "one reactor thread for one worker");
            server.awaitLine(l -> l.contains("reactor_num 4 is above worker_num 1; using 1 reactor threads"), 1000);
            server.awaitLine(l -> l.contains("process mode, 1 reactor threads, 1 workers"), 1000);
        }
    }

    @SettingEffect(keys = "max_request", modes = "process")

    @Test
    void maxRequestWithOneWorkerReplacesItAndTheServerGoesOn() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, App.class, "worker_num=1", "reactor_num=1", "max_request=3")) {
            int port = server.port();
            String first = server.awaitLine(l -> l.startsWith("onWorkerStart 0"), 30_000);
            long firstPid = Long.parseLong(first.substring(first.lastIndexOf(' ') + 1));
            for (int i = 0; i < 5; i++) {
                ask(port); // max_request plus up to half as many: the 5th at the latest retires it
            }
            String second = server.awaitLine(l -> l.startsWith("onWorkerStart 0") && !l.equals(first), 30_000);
            long secondPid = Long.parseLong(second.substring(second.lastIndexOf(' ') + 1));
            assertNotEquals(firstPid, secondPid);
            // The old worker serves until its successor is ready, then leaves.
            server.awaitLine(l -> l.contains("pid " + firstPid + " (replaced) exited"), 30_000);
            assertTrue(server.master().isAlive(), "the master runs on");
            assertEquals(1, server.descendants("jswoole.role=manager").size());
            assertEquals(secondPid, ask(port)[1], "the new worker answers");
        }
    }
}
