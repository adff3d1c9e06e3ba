package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.testing.Await;
import io.jswoole.testing.Clients;
import io.jswoole.testing.RedisServer;
import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * {@code task_ipc_mode=redis} with real task workers in child JVMs and a redis-server of the
 * test's own: round trips, two servers sharing one stream, a task worker killed mid-task, Redis
 * going away and coming back, and bad settings.
 */
class RedisTasksTest {
    private static final Pattern FINISHED = TaskApp.FINISHED;
    private static final String PASSWORD = "s3cret";
    /** Five JVMs per server, up to two servers, on a machine that may be busy. */
    private static final long START_MILLIS = 3 * Await.DEADLINE_MILLIS;

    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"base", "process"})
    @Timeout(120)
    @SettingEffect(keys = {"task_redis_address", "task_redis_password", "task_redis_key_prefix"},
            modes = {"base", "process"})
    void everyTaskIsAnsweredOnceToItsSender(String mode, @TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir, "--requirepass", PASSWORD);
             ServerProcess server = start(dir, mode, redis, "prefix-" + mode)) {
            List<LineClient> clients = new ArrayList<>();
            try {
                for (int c = 0; c < 4; c++) {
                    clients.add(new LineClient(server, Clients.connect("127.0.0.1", server.port())));
                }
                TaskApp.assertEveryTaskAnsweredOnce(clients);
                LineClient one = clients.get(0);
                one.write("t big 1048576\n");
                assertTrue(FINISHED.matcher(one.read()).matches());
                one.write("w bigw 1048576 20000 0\n");
                assertTrue(one.read().matches("W bigw tw=\\d+ size=1048576 ok"));
                one.write("t finish-1 64\n");
                assertTrue(FINISHED.matcher(one.read()).matches());
                one.write("m 4 20000 0\n");
                assertEquals("M ok=4 null=0", one.read());
                one.write("s\n");
                String stats = one.read();
                assertTrue(stats.matches("S tasking=\\d+ running=\\d+ queued=\\d+ refused=0 failed=0"), stats);
            } finally {
                for (LineClient c : clients) {
                    c.close();
                }
            }
            try (Jedis j = jedis(redis)) {
                // The prefix names the keys: the stream and its group are there, and every task was deleted once answered.
                assertEquals(0, j.xlen("prefix-" + mode + ":tasks"));
                assertEquals(1, j.xinfoGroups("prefix-" + mode + ":tasks").size());
            }
        }
    }

    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"base", "process"})
    @Timeout(120)
    @SettingEffect(keys = "task_redis_tls", modes = {"base", "process"})
    void tasksTravelOverTls(String mode, @TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.startTls(dir)) {
            List<String> args = List.of(mode, "redis", "task_redis_address=" + redis.address(), "task_redis_tls=true");
            try (ServerProcess server = ServerProcess.start(List.of(), List.of(
                            "-Djavax.net.ssl.trustStore=" + redis.trustStore(),
                            "-Djavax.net.ssl.trustStorePassword=" + RedisServer.STORE_PASSWORD),
                    dir, TaskApp.class, args.toArray(String[]::new))) {
                server.awaitLines(l -> l.startsWith("onWorkerStart"), 4, START_MILLIS);
                try (LineClient client = new LineClient(server, Clients.connect("127.0.0.1", server.port()))) {
                    StringBuilder batch = new StringBuilder();
                    for (int i = 0; i < 20; i++) {
                        batch.append("t tls").append(i).append(" 64\n");
                    }
                    client.write(batch.toString());
                    assertEquals(20, answered(client, 20).size());
                }
            }
            // Without TLS the same server is not understood: the start stops, naming the address.
            assertRefused(dir.resolve("plain"), "task_redis_address: cannot use Redis at " + redis.address(),
                    "task_redis_address=" + redis.address());
        }
    }

    @Test
    @Timeout(180)
    void twoServersShareOneStreamAndEachGetsItsOwnResults(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir, "--requirepass", PASSWORD);
             ServerProcess a = start(dir.resolve("a"), "base", redis, "shared");
             ServerProcess b = start(dir.resolve("b"), "base", redis, "shared");
             LineClient toA = new LineClient(a, Clients.connect("127.0.0.1", a.port()));
             LineClient toB = new LineClient(b, Clients.connect("127.0.0.1", b.port()))) {
            StringBuilder forA = new StringBuilder();
            StringBuilder forB = new StringBuilder();
            for (int i = 0; i < 60; i++) {
                forA.append("t a").append(i).append(" 64 20\n"); // onTask sleeps 20 ms: all four task workers get some
                forB.append("t b").append(i).append(" 64 20\n");
            }
            toA.write(forA.toString());
            toB.write(forB.toString());
            Set<String> answeredA = answered(toA, 60);
            Set<String> answeredB = answered(toB, 60);
            assertTrue(answeredA.stream().allMatch(t -> t.startsWith("a")), "A got another's result: " + answeredA);
            assertTrue(answeredB.stream().allMatch(t -> t.startsWith("b")), "B got another's result: " + answeredB);
            assertTrue(b.lines().stream().anyMatch(l -> l.startsWith("onTask a")), "no task of A ran in B");
            assertTrue(a.lines().stream().anyMatch(l -> l.startsWith("onTask b")), "no task of B ran in A");
        }
    }

    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"base", "process"})
    @Timeout(120)
    @SettingEffect(keys = "task_redis_claim_timeout", modes = {"base", "process"})
    void aTaskOfATaskWorkerKilledMidTaskIsClaimedAndFinished(String mode, @TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir, "--requirepass", PASSWORD);
             ServerProcess server = start(dir, mode, redis, "claim", "task_redis_claim_timeout=1000");
             LineClient client = new LineClient(server, Clients.connect("127.0.0.1", server.port()))) {
            client.write("t victim 64 3000\n");
            String running = server.awaitLine(l -> l.startsWith("onTask victim pid="), Await.DEADLINE_MILLIS);
            long pid = Long.parseLong(running.substring(running.indexOf("pid=") + 4).trim());
            ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
            victim.destroyForcibly();
            victim.onExit().join();
            long t0 = System.nanoTime();
            String reply = client.read(); // the other task worker claims it after a second and runs it again
            assertTrue(FINISHED.matcher(reply).matches(), reply);
            assertTrue(reply.startsWith("F victim "), reply);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis >= 900, "claimed before the claim timeout: " + millis + " ms");
            assertEquals(2, server.lines().stream().filter(l -> l.startsWith("onTask victim")).count());
            assertTrue(server.lines().stream().anyMatch(l -> l.contains("claimed task")), "no claim logged");
            client.write("s\n");
            assertTrue(client.read().endsWith("refused=0 failed=0"));
        }
    }

    @Test
    @Timeout(180)
    void taskWorkersRecycledByTaskMaxRequestLoseNoTask(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             ServerProcess server = start(dir, "base", redis, "recycle", "task_max_request=30");
             LineClient client = new LineClient(server, Clients.connect("127.0.0.1", server.port()))) {
            int startsBefore = countStarts(server);
            Set<String> tags = new HashSet<>();
            // Batches until two task workers were replaced (a process start takes a second or more
            // on a busy machine, where a hundred batches can take less).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            for (int batch = 0; batch < 8 || countStarts(server) < startsBefore + 2; batch++) {
                assertTrue(System.nanoTime() - deadline < 0, "no task worker was replaced within 90 s");
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 20; i++) {
                    lines.append("t q").append(batch).append('-').append(i).append(" 64\n");
                }
                client.write(lines.toString());
                tags.addAll(answered(client, 20));
            }
            assertEquals(0, tags.stream().filter(t -> !t.startsWith("q")).count());
            client.write("s\n");
            assertTrue(client.read().endsWith("refused=0 failed=0"));
        }
    }

    private static int countStarts(ServerProcess server) {
        return (int) server.lines().stream().filter(l -> l.startsWith("onWorkerStart")).count();
    }

    @Test
    @Timeout(120)
    void whileRedisIsDownTasksAreRefusedAtOnceAndAfterwardsTheyRunAgain(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             ServerProcess server = start(dir, "base", redis, "outage");
             LineClient client = new LineClient(server, Clients.connect("127.0.0.1", server.port()))) {
            client.write("t before 64\n");
            assertTrue(FINISHED.matcher(client.read()).matches());
            redis.stop();
            // Each worker notices at once (its connection waiting for results ends) and says so once.
            server.awaitLines(l -> l.matches(".* worker#\\d+ \\d+\\] WARNING Redis at .* is unreachable.*"), 2,
                    Await.DEADLINE_MILLIS);
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                client.write("t down" + i + " 64\n");
                assertEquals("F down" + i + " refused", client.read());
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(millis < 1_000, "task() took " + millis + " ms to answer while Redis was down");
            }
            redis.startAgain();
            long deadline = System.nanoTime() + Await.DEADLINE_MILLIS * 1_000_000;
            for (int i = 0; ; i++) {
                assertTrue(System.nanoTime() - deadline < 0, "tasks are still refused after Redis came back");
                client.write("t up" + i + " 64\n");
                String reply = client.read();
                if (FINISHED.matcher(reply).matches() && reply.startsWith("F up" + i + " ")) {
                    break;
                }
                assertEquals("F up" + i + " refused", reply);
                Thread.sleep(50); // pacing the attempts while the connection's back-off runs
            }
            client.write("s\n");
            Matcher stats = Pattern.compile(".* refused=(\\d+) failed=0").matcher(client.read());
            assertTrue(stats.matches() && Integer.parseInt(stats.group(1)) >= 20, "refusals not counted: " + stats);
        }
    }

    @Test
    @Timeout(180)
    @SettingEffect(keys = {"task_redis_address", "task_redis_password"}, modes = "base", refused = true)
    void badSettingsStopTheStartWithTheKeyNamed(@TempDir Path dir) throws Exception {
        assertRefused(dir.resolve("1"), "task_redis_address: 'localhost' is not host:port", "task_redis_address=localhost");
        assertRefused(dir.resolve("2"), "task_redis_address: '127.0.0.1:99999' has no port",
                "task_redis_address=127.0.0.1:99999");
        assertRefused(dir.resolve("3"), "task_redis_address: cannot use Redis at 127.0.0.1:",
                "task_redis_address=127.0.0.1:" + Clients.freePort());
        try (RedisServer redis = RedisServer.start(dir, "--requirepass", PASSWORD)) {
            assertRefused(dir.resolve("4"), "task_redis_password: cannot use Redis at " + redis.address(),
                    "task_redis_address=" + redis.address(), "task_redis_password=wrong");
        }
        assertRefused(dir.resolve("5"), "task_redis_key_prefix: 'a b' must be non-empty", "task_redis_key_prefix=a b");
    }

    private static void assertRefused(Path dir, String message, String... settings) throws Exception {
        List<String> args = new ArrayList<>(List.of("base", "redis"));
        args.addAll(List.of(settings));
        try (ServerProcess server = ServerProcess.start(dir, TaskApp.class, args.toArray(String[]::new))) {
            assertTrue(server.master().waitFor(START_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS),
                    "the server did not stop: " + server.lines());
            assertFalse(server.master().exitValue() == 0);
            List<String> lines = server.lines();
            assertTrue(lines.stream().anyMatch(l -> l.contains(message)), "no '" + message + "' in " + lines);
        }
    }

    private static ServerProcess start(Path dir, String mode, RedisServer redis, String prefix, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(mode, "redis", "task_redis_address=" + redis.address(),
                "task_redis_key_prefix=" + prefix));
        if (redis.hasPassword()) {
            args.add("task_redis_password=" + PASSWORD);
        }
        args.addAll(List.of(more));
        java.nio.file.Files.createDirectories(dir);
        ServerProcess server = ServerProcess.start(dir, TaskApp.class, args.toArray(String[]::new));
        try {
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 4, START_MILLIS);
        } catch (Throwable t) {
            server.close(); // not returned: the caller's try cannot close it
            throw t;
        }
        return server;
    }

    private static Jedis jedis(RedisServer redis) {
        Jedis j = new Jedis("127.0.0.1", redis.port());
        if (redis.hasPassword()) {
            j.auth(PASSWORD);
        }
        return j;
    }

    private static Set<String> answered(LineClient client, int n) throws IOException {
        Set<String> tags = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String reply = client.read();
            Matcher m = FINISHED.matcher(reply);
            assertTrue(m.matches(), reply);
            assertTrue(tags.add(m.group(1)), "answered twice: " + reply);
        }
        return tags;
    }
}
