package io.jswoole.testsuite.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.ClientInfo;
import io.jswoole.Server;
import io.jswoole.testing.Await;
import io.jswoole.testing.Clients;
import io.jswoole.testing.RedisServer;
import io.jswoole.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The whole picture of {@code docs/scaling.md} on this machine: two jswoole instances behind
 * HAProxy ({@code send-proxy-v2}, health checks), their task workers sharing one Redis Stream.
 * A client is answered by both instances, each of which sees the client's own address; tasks sent
 * by one instance run in the task workers of both; one instance killed with SIGKILL leaves
 * HAProxy's rotation, and the task its task worker was running is claimed by the other's, run to
 * its end and acknowledged (the stream empty, nothing pending in the group). haproxy and redis-server are Debian packages ({@code .ci/run} installs them).
 */
@Timeout(180)
class ScaleOutTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @TempDir
    Path dir;

    /**
     * One instance: {@code ScaleOutApp NAME key=value...}; base mode, one worker, one task worker,
     * tasks through Redis, the PROXY protocol from 127.0.0.1 only. Lines:
     * <pre>
     * who         → "I NAME IP:PORT" (the client's address as the PROXY header gave it)
     * t TAG MS    → task; onTask prints "onTask TAG by=NAME", sleeps MS, prints "onTask end TAG by=NAME"
     *               → "F TAG by=TASKNAME" from onFinish
     * </pre>
     */
    public static final class ScaleOutApp {
        public static void main(String[] args) {
            String name = args[0];
            Server server = new Server("127.0.0.1", 0);
            server.set(Map.of("worker_num", 1, "task_worker_num", 1, "task_ipc_mode", "redis", "open_proxy_protocol", true,
                    "proxy_protocol_sources", "127.0.0.1", "open_eof_split", true, "package_eof", "\n"));
            for (int i = 1; i < args.length; i++) {
                String[] kv = args[i].split("=", 2);
                server.set(Map.of(kv[0], kv[1]));
            }
            Map<Integer, Integer> clientOf = new HashMap<>(); // task id → fd (worker loop only)
            server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id));
            server.onReceive((s, fd, reactorId, data) -> {
                String[] w = new String(data, StandardCharsets.US_ASCII).trim().split(" ");
                if (w[0].equals("who")) {
                    ClientInfo info = s.getClientInfo(fd);
                    s.send(fd, "I " + name + " " + info.remoteIp() + ":" + info.remotePort() + "\n");
                } else if (w[0].equals("t")) {
                    int id = s.task((w[1] + " " + w[2]).getBytes(StandardCharsets.US_ASCII));
                    if (id < 0) {
                        s.send(fd, "F " + w[1] + " refused\n");
                    } else {
                        clientOf.put(id, fd);
                    }
                }
            });
            server.onTask((s, taskId, src, data) -> {
                String[] t = new String(data, StandardCharsets.US_ASCII).split(" ");
                System.out.println("onTask " + t[0] + " by=" + name);
                Thread.sleep(Long.parseLong(t[1]));
                System.out.println("onTask end " + t[0] + " by=" + name);
                return (t[0] + " by=" + name).getBytes(StandardCharsets.US_ASCII);
            });
            server.onFinish((s, taskId, result) -> {
                Integer fd = clientOf.remove(taskId);
                if (fd != null) {
                    s.send(fd, "F " + new String(result, StandardCharsets.US_ASCII) + "\n");
                }
            });
            server.start();
        }
    }

    /** A line client through HAProxy. */
    private static final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;

        Client(int port) throws IOException {
            socket = Clients.connect("127.0.0.1", port);
            socket.setSoTimeout((int) Await.DEADLINE_MILLIS);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        }

        String ask(String line) throws IOException {
            send(line);
            return read();
        }

        void send(String line) throws IOException {
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        String read() throws IOException {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("closed");
            }
            return line;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void twoInstancesBehindHaproxyShareTheClientsAndTheTasksAndSurviveTheLossOfOne() throws Exception {
        assertTrue(Files.isExecutable(HAPROXY), HAPROXY + " is missing: install the Debian package haproxy (.ci/run does)");
        try (RedisServer redis = RedisServer.start(dir);
             ServerProcess a = instance("A", redis);
             ServerProcess b = instance("B", redis)) {
            int front = Clients.freePort();
            Path config = Files.writeString(dir.resolve("haproxy.cfg"), String.join("\n",
                    "defaults", "  mode tcp", "  option redispatch 1", "  retries 3", "  timeout connect 2s", "  timeout client 120s", "  timeout server 120s",
                    "frontend front", "  bind 127.0.0.1:" + front, "  default_backend jswoole",
                    "backend jswoole", "  balance roundrobin",
                    "  server a 127.0.0.1:" + a.port() + " send-proxy-v2 check check-send-proxy inter 200 fall 2 rise 1",
                    "  server b 127.0.0.1:" + b.port() + " send-proxy-v2 check check-send-proxy inter 200 fall 2 rise 1",
                    ""));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
            List<Client> clients = new ArrayList<>();
            try {
                // Both instances answer, and each sees the client's own address.
                Map<String, Client> byInstance = new HashMap<>();
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Await.DEADLINE_MILLIS);
                while (byInstance.size() < 2) {
                    assertTrue(System.nanoTime() - deadline < 0, "HAProxy did not reach both instances: "
                            + Files.readString(dir.resolve("haproxy.log")));
                    Client c;
                    try {
                        c = new Client(front);
                    } catch (IOException e) {
                        Thread.sleep(20); // HAProxy is still starting
                        continue;
                    }
                    clients.add(c);
                    String[] who;
                    try {
                        who = c.ask("who").split(" ");
                    } catch (IOException e) {
                        continue; // HAProxy closed it: no server up yet
                    }
                    assertEquals("127.0.0.1:" + c.socket.getLocalPort(), who[2], "the client's own address");
                    byInstance.putIfAbsent(who[1], c);
                }
                // Tasks sent by A run in the task workers of both instances.
                Client toA = byInstance.get("A");
                for (int i = 0; i < 20; i++) {
                    toA.send("t q" + i + " 50");
                }
                Set<String> ranBy = new HashSet<>();
                for (int i = 0; i < 20; i++) {
                    String reply = toA.read();
                    assertTrue(reply.matches("F q\\d+ by=[AB]"), reply);
                    ranBy.add(reply.substring(reply.indexOf("by=") + 3));
                }
                assertEquals(Set.of("A", "B"), ranBy, "A's tasks ran in both instances' task workers");
                long killedAt;

                // Long tasks from A until one runs in A's own task worker; then A dies with it.
                String victim = null;
                for (int i = 0; victim == null; i++) {
                    assertTrue(i < 5, "no long task reached A's task worker");
                    toA.send("t victim" + i + " 4000");
                    String tag = "victim" + i;
                    String line = awaitEither(a, b, l -> l.startsWith("onTask " + tag + " by="));
                    if (line.endsWith("by=A")) {
                        victim = tag;
                    }
                }
                for (ProcessHandle p : a.descendants()) {
                    p.destroyForcibly();
                }
                a.master().destroyForcibly();
                assertTrue(a.master().waitFor(30, TimeUnit.SECONDS));
                killedAt = System.nanoTime();
                // Every new connection is answered, by B: one sent to A before the health checks take A out
                // is passed on to B at its retry (option redispatch).
                long outBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                int answeredByB = 0;
                while (answeredByB < 10) {
                    assertTrue(System.nanoTime() - outBy < 0, "A was not taken out of the rotation");
                    try (Client c = new Client(front)) {
                        String[] who = c.ask("who").split(" ");
                        assertEquals("B", who[1]);
                        answeredByB++;
                    } catch (IOException e) {
                        answeredByB = 0; // HAProxy could not pass it to any instance
                    }
                }
                System.out.println("scale-out: 10 connections in a row answered by B "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt) + " ms after A was killed");
                // Its task is claimed (task_redis_claim_timeout) and run by B's task worker to its end.
                String claimed = victim;
                b.awaitLine(l -> l.equals("onTask " + claimed + " by=B"), 30_000);
                System.out.println("scale-out: " + claimed + " was running in A's task worker when A was killed; B's"
                        + " task worker took it over " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt)
                        + " ms later (claim timeout 1000 ms, after any long task of its own)");
                b.awaitLine(l -> l.equals("onTask end " + claimed + " by=B"), 30_000);
                // Finished means acknowledged and deleted: nothing pending in the group, the stream empty.
                try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                    long finishedBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Await.DEADLINE_MILLIS);
                    long pending;
                    long left;
                    do {
                        pending = jedis.xpending("scaleout:tasks", "task_workers").getTotal();
                        left = jedis.xlen("scaleout:tasks");
                        if (pending == 0 && left == 0) {
                            break;
                        }
                        Thread.sleep(20); // polling Redis: nothing tells the test when B's task worker acknowledges
                    } while (System.nanoTime() - finishedBy < 0);
                    assertEquals(0, pending, "tasks still pending in the group after B finished " + claimed);
                    assertEquals(0, left, "tasks still in the stream after B finished " + claimed);
                }
            } finally {
                for (Client c : clients) {
                    c.close();
                }
                haproxy.destroy();
                if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
                    haproxy.destroyForcibly().waitFor();
                }
            }
        }
    }

    private ServerProcess instance(String name, RedisServer redis) throws Exception {
        Path runBase = Files.createDirectories(dir.resolve(name));
        ServerProcess s = ServerProcess.start(runBase, ScaleOutApp.class, name, "task_redis_address=" + redis.address(),
                "task_redis_key_prefix=scaleout", "task_redis_claim_timeout=1000");
        try {
            s.awaitLines(l -> l.startsWith("onWorkerStart"), 2, Await.DEADLINE_MILLIS);
        } catch (Throwable t) {
            s.close();
            throw t;
        }
        return s;
    }

    /** The first line of either server that matches. */
    private static String awaitEither(ServerProcess a, ServerProcess b, Predicate<String> match)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Await.DEADLINE_MILLIS);
        while (System.nanoTime() - deadline < 0) {
            for (ServerProcess s : List.of(a, b)) {
                for (String l : s.lines()) {
                    if (match.test(l)) {
                        return l;
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no matching line from either instance");
    }
}
