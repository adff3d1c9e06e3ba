package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.testing.Await;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code stats()} counts for the whole server in both modes, as Swoole's does: with connections
 * on both workers, each worker reports every open connection (in base mode the other worker's as
 * it last published them), its own request count apart, every packet dispatched to a worker, the
 * task workers idle, and the other event worker idle until it is kept busy in a callback.
 */
@Timeout(120)
class ServerWideStatsTest {
    private static final Pattern REPLY = Pattern.compile(
            "C worker=(\\d+) conns=(\\d+) requests=(\\d+) own=(\\d+) users=(\\d+) taskidle=(\\d+) idle=(\\d+)"
                    + " dispatched=(\\d+)");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"base", "process"})
    void everyWorkerSeesTheWholeServer(String mode) throws Exception {
        try (ServerProcess server = TaskApp.start(dir, mode, "1")) {
            int port = server.port();
            List<Socket> clients = new ArrayList<>();
            Map<Integer, Socket> byWorker = new HashMap<>();
            try {
                // base mode: the kernel spreads connections; open them until both workers have some
                while (byWorker.size() < 2 && clients.size() < 64) {
                    Socket s = Clients.connect("127.0.0.1", port);
                    s.setSoTimeout(20_000);
                    clients.add(s);
                    byWorker.putIfAbsent(Integer.parseInt(ask(s).group(1)), s);
                }
                assertEquals(2, byWorker.size(), "connections on both workers among " + clients.size());
                long deadline = System.nanoTime() + Await.DEADLINE_MILLIS * 1_000_000;
                for (Socket s : byWorker.values()) {
                    Matcher m = ask(s);
                    // every connection counted, and the server's requests more than this worker's own
                    while (Integer.parseInt(m.group(2)) != clients.size()
                            || Long.parseLong(m.group(3)) <= Long.parseLong(m.group(4))) {
                        assertTrue(System.nanoTime() - deadline < 0, "the whole server counted: " + m.group());
                        Thread.sleep(20); // base-mode workers publish their counters every 100 ms
                        m = ask(s);
                    }
                    assertEquals("0", m.group(5), "no user process");
                    assertEquals("2", m.group(6), "both task workers idle");
                    assertEquals("1", m.group(7), "the asking worker is in its callback, the other idle");
                    assertEquals(m.group(3), m.group(8), "every packet received was dispatched to a worker");
                }
                assertBusyWorkerNotIdle(byWorker.get(0), byWorker.get(1));
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
        }
    }

    /** While worker 0 waits in onReceive for a task, worker 1, asking from its own callback, sees no idle worker. */
    private static void assertBusyWorkerNotIdle(Socket first, Socket second) throws Exception {
        first.getOutputStream().write("w busy 64 5000 1500\n".getBytes(StandardCharsets.US_ASCII));
        long deadline = System.nanoTime() + Await.DEADLINE_MILLIS * 1_000_000;
        Matcher m = ask(second);
        while (!m.group(7).equals("0")) {
            assertTrue(System.nanoTime() - deadline < 0, "worker 0 busy in its taskwait: " + m.group());
            Thread.sleep(20);
            m = ask(second);
        }
        String reply = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        assertTrue(reply != null && reply.startsWith("W busy tw=") && reply.endsWith(" ok"), "taskwait answered: " + reply);
        deadline = System.nanoTime() + Await.DEADLINE_MILLIS * 1_000_000;
        while (!ask(second).group(7).equals("1")) {
            assertTrue(System.nanoTime() - deadline < 0, "worker 0 idle again");
            Thread.sleep(20);
        }
    }

    private static Matcher ask(Socket s) throws IOException {
        s.getOutputStream().write("c\n".getBytes(StandardCharsets.US_ASCII));
        String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        Matcher m = REPLY.matcher(line == null ? "" : line);
        assertTrue(m.matches(), "reply: " + line);
        return m;
    }
}
