package io.jswoole.ipc.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.pipe.TaskBroker;
import io.jswoole.testing.Clients;
import io.jswoole.testing.RedisServer;
import io.jswoole.testing.SettingEffect;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** The broker alone, in this JVM, against a redis-server of the test's own. */
@Timeout(60)
class RedisTaskBrokerTest {
    private static final long WAIT = 20_000;

    private static TaskBroker open(RedisServer redis, Object... more) throws java.io.IOException {
        Map<String, Object> raw = new java.util.HashMap<>(Map.of("task_redis_address", redis.address(),
                "task_redis_key_prefix", "t"));
        for (int i = 0; i < more.length; i += 2) {
            raw.put((String) more[i], more[i + 1]);
        }
        return provider().openBroker(Settings.of(raw));
    }

    private static PipeProvider provider() {
        return Providers.select(PipeProvider.class, "task_ipc_mode", "redis");
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static TaskBroker.Delivery take(TaskBroker b) throws Exception {
        long deadline = System.nanoTime() + WAIT * 1_000_000;
        while (System.nanoTime() - deadline < 0) {
            TaskBroker.Delivery d = b.take(200); // blocks in Redis until a task comes
            if (d != null) {
                return d;
            }
        }
        throw new AssertionError("no task within " + WAIT + " ms");
    }

    private static List<byte[]> results(TaskBroker b, int n) throws Exception {
        List<byte[]> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT * 1_000_000;
        while (got.size() < n && System.nanoTime() - deadline < 0) {
            got.addAll(b.results(200)); // blocks in Redis until a result comes
        }
        return got;
    }

    @Test
    void aTaskGoesToATaskWorkerAndItsResultComesBackToItsSender(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             TaskBroker sender = open(redis);
             TaskBroker other = open(redis);
             TaskBroker taskWorker = open(redis)) {
            taskWorker.check();
            assertTrue(sender.send(text("one")));
            assertTrue(other.send(text("two")));
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                TaskBroker.Delivery d = take(taskWorker);
                String task = new String(d.task(), StandardCharsets.UTF_8);
                seen.add(task);
                taskWorker.answer(d, text("result of " + task));
            }
            assertTrue(seen.containsAll(List.of("one", "two")), seen.toString());
            assertArrayEquals("result of one".getBytes(StandardCharsets.UTF_8), results(sender, 1).get(0));
            assertArrayEquals("result of two".getBytes(StandardCharsets.UTF_8), results(other, 1).get(0));
            assertNull(taskWorker.take(50), "a task answered is not taken again");
        }
    }

    @Test
    void aTaskLeftUnansweredIsClaimedAfterTheTimeoutAndNotBeforeIfTouched(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             TaskBroker sender = open(redis);
             TaskBroker dead = open(redis, "task_redis_claim_timeout", 300);
             TaskBroker alive = open(redis, "task_redis_claim_timeout", 300)) {
            assertTrue(sender.send(text("slow")));
            TaskBroker.Delivery first = take(dead);
            // While its taker says it still runs, nobody claims it.
            long until = System.nanoTime() + 900_000_000L;
            while (System.nanoTime() - until < 0) {
                dead.stillRunning(first);
                assertNull(alive.take(100));
            }
            // Its taker falls silent: another takes it once the claim timeout has passed.
            long t0 = System.nanoTime();
            TaskBroker.Delivery again = take(alive);
            assertTrue((System.nanoTime() - t0) / 1_000_000 >= 200, "claimed too early");
            assertArrayEquals(first.task(), again.task());
            alive.answer(again, text("done"));
            assertEquals(1, results(sender, 1).size());
        }
    }

    /**
     * A task whose takers all fall silent is handed out task_redis_max_deliveries times, then
     * given up: removed from the stream, never handed out again.
     */
    @Test
    @SettingEffect(keys = "task_redis_max_deliveries", modes = {"base", "process"})
    void aTaskWhoseTakersAllDieIsGivenUpAfterMaxDeliveries(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             TaskBroker sender = open(redis);
             TaskBroker first = open(redis, "task_redis_claim_timeout", 200, "task_redis_max_deliveries", 2);
             TaskBroker second = open(redis, "task_redis_claim_timeout", 200, "task_redis_max_deliveries", 2);
             TaskBroker third = open(redis, "task_redis_claim_timeout", 200, "task_redis_max_deliveries", 2);
             Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            assertTrue(sender.send(text("poison")));
            assertArrayEquals(text("poison").array(), take(first).task()); // delivery 1: its taker dies
            assertArrayEquals(text("poison").array(), take(second).task()); // delivery 2, claimed: dies too
            // The next claim would be a third delivery: the task is given up instead.
            long deadline = System.nanoTime() + WAIT * 1_000_000;
            while (jedis.xlen("t:tasks") > 0) {
                assertNull(third.take(100), "handed out a third time");
                assertTrue(System.nanoTime() - deadline < 0, "the task was not given up");
            }
            assertEquals(0, jedis.xpending("t:tasks", "task_workers").getTotal(), "nothing left pending");
            long quiet = System.nanoTime() + 1_000_000_000L; // five claim timeouts: nobody gets it again
            while (System.nanoTime() - quiet < 0) {
                assertNull(third.take(100));
                assertNull(first.take(10));
            }
        }
    }

    /**
     * The consumer group does not grow with every task worker ever started: one that stops leaves
     * it, and one that vanished (killed) is removed once idle for ten claim timeouts with nothing
     * pending.
     */
    @Test
    void aTaskWorkerThatStopsLeavesTheGroupAndOneThatVanishedIsRemovedLater(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             TaskBroker sender = open(redis);
             Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            TaskBroker stopping = open(redis, "task_redis_claim_timeout", 100);
            assertTrue(sender.send(text("a")));
            stopping.answer(take(stopping), text("ok"));
            assertEquals(1, consumers(jedis).size());
            stopping.close();
            assertEquals(List.of(), consumers(jedis), "a task worker that stops leaves the group");

            jedis.xgroupCreateConsumer("t:tasks", "task_workers", "vanished"); // as a killed task worker leaves it
            long created = System.nanoTime();
            try (TaskBroker live = open(redis, "task_redis_claim_timeout", 100)) {
                long deadline = created + WAIT * 1_000_000;
                while (consumers(jedis).contains("vanished")) {
                    assertTrue(System.nanoTime() - deadline < 0, "the vanished consumer was not removed");
                    assertNull(live.take(100));
                }
                long millis = (System.nanoTime() - created) / 1_000_000;
                assertTrue(millis >= 1_000, "removed after " + millis + " ms, before ten claim timeouts");
            }
        }
    }

    private static List<String> consumers(Jedis jedis) {
        return jedis.xinfoConsumers2("t:tasks", "task_workers").stream().map(c -> c.getName()).toList();
    }

    @Test
    void whileRedisIsDownSendRefusesAtOnceAndAfterwardsTasksFlowAgain(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             TaskBroker sender = open(redis);
             TaskBroker taskWorker = open(redis)) {
            assertTrue(sender.send(text("before")));
            TaskBroker.Delivery d = take(taskWorker);
            taskWorker.answer(d, text("ok"));
            assertEquals(1, results(sender, 1).size());
            redis.stop();
            assertTrue(sender.send(text("held")), "refused before anything noticed"); // kept until Redis is back
            // The results connection notices (a read may first time out on a busy machine).
            long noticeBy = System.nanoTime() + WAIT * 1_000_000;
            do {
                assertEquals(0, sender.results(100).size());
                assertTrue(System.nanoTime() - noticeBy < 0, "Redis's end was not noticed");
            } while (sender.trouble() == null);
            long t0 = System.nanoTime();
            assertFalse(sender.send(text("during")));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 100, "send blocked");
            assertNotNull(sender.trouble());
            assertTrue(sender.trouble().contains("unreachable"), sender.trouble());
            redis.startAgain(); // empty: the stream and the group are made again
            long deadline = System.nanoTime() + WAIT * 1_000_000;
            while (!sender.send(text("after"))) {
                assertTrue(System.nanoTime() - deadline < 0, "still refused: " + sender.trouble());
                sender.results(100); // reconnects after its back-off
            }
            List<String> tasks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                TaskBroker.Delivery d2 = take(taskWorker);
                tasks.add(new String(d2.task(), StandardCharsets.UTF_8));
                taskWorker.answer(d2, text("ok"));
            }
            assertTrue(tasks.containsAll(List.of("held", "after")), tasks.toString());
            assertEquals(2, results(sender, 2).size());
        }
    }

    /**
     * A Redis that answers errors: full under {@code maxmemory-policy noeviction}, it refuses the
     * XADD of a task and the RPUSH of a result with OOM. The task taken meanwhile is held and
     * tried again, new tasks are refused at once with Redis's reason, a result refused leaves its
     * task pending (not acknowledged without it), and once memory is freed everything flows: no
     * task and no result lost.
     */
    @Test
    void whileRedisAnswersOutOfMemoryTasksAndResultsAreRefusedWithItsReasonAndNoneIsLost(@TempDir Path dir)
            throws Exception {
        try (RedisServer redis = RedisServer.start(dir, "--maxmemory-policy", "noeviction");
             TaskBroker sender = open(redis);
             TaskBroker taskWorker = open(redis);
             Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            assertTrue(sender.send(text("before")));
            TaskBroker.Delivery before = take(taskWorker); // answered once memory is freed
            // Fill Redis: 2 MiB of values, then a limit of 1 MiB above what it used before them.
            long used = usedMemory(jedis);
            List<String> fillers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                fillers.add("filler" + i);
                jedis.set(fillers.get(i).getBytes(StandardCharsets.US_ASCII), new byte[64 << 10]);
            }
            jedis.configSet("maxmemory", Long.toString(used + (1 << 20)));
            JedisDataException full = assertThrows(JedisDataException.class, () -> jedis.set("one more", "x"));
            assertTrue(full.getMessage().startsWith("OOM"), full.getMessage());

            assertTrue(sender.send(text("held")), "refused before Redis said anything"); // kept and tried again
            long noticeBy = System.nanoTime() + WAIT * 1_000_000;
            while (sender.trouble() == null) {
                assertTrue(System.nanoTime() - noticeBy < 0, "Redis's refusal was not noticed");
                Thread.sleep(10); // polling: the sender's thread records Redis's answer
            }
            String why = sender.trouble();
            assertTrue(why.startsWith("Redis refuses tasks: OOM command not allowed"), why);
            long t0 = System.nanoTime();
            assertFalse(sender.send(text("during")), "a new task is refused while Redis refuses tasks");
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 100, "send blocked");
            IOException refused = assertThrows(IOException.class, () -> taskWorker.answer(before, text("result")));
            assertTrue(refused.getMessage().startsWith("Redis refused a result: OOM command not allowed"),
                    refused.getMessage());
            assertEquals(1, jedis.xpending("t:tasks", "task_workers").getTotal(),
                    "a result refused leaves its task pending, to be answered again or claimed");

            jedis.del(fillers.toArray(String[]::new)); // DEL is allowed when memory is full
            long deadline = System.nanoTime() + WAIT * 1_000_000;
            while (!sender.send(text("after"))) {
                assertTrue(System.nanoTime() - deadline < 0, "still refused: " + sender.trouble());
                Thread.sleep(10); // the sender's thread tries the held task again every half second
            }
            assertNull(sender.trouble());
            taskWorker.answer(before, text("result"));
            List<String> tasks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                TaskBroker.Delivery d = take(taskWorker);
                tasks.add(new String(d.task(), StandardCharsets.UTF_8));
                taskWorker.answer(d, text("result"));
            }
            assertEquals(List.of("held", "after"), tasks);
            assertEquals(3, results(sender, 3).size(), "a result for every task taken");
            assertEquals(0, jedis.xlen("t:tasks"));
            assertEquals(0, jedis.xpending("t:tasks", "task_workers").getTotal());
        }
    }

    private static long usedMemory(Jedis jedis) {
        for (String line : jedis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).strip());
            }
        }
        throw new AssertionError("INFO memory has no used_memory");
    }

    @Test
    void settingsAreCheckedWithTheKeyNamed(@TempDir Path dir) throws Exception {
        SettingsException e = assertThrows(SettingsException.class,
                () -> provider().openBroker(Settings.of(Map.of("task_redis_address", "redis.example.com"))));
        assertEquals("task_redis_address", e.key());
        e = assertThrows(SettingsException.class,
                () -> provider().openBroker(Settings.of(Map.of("task_redis_address", "[::1]:0"))));
        assertEquals("task_redis_address", e.key());
        e = assertThrows(SettingsException.class,
                () -> provider().openBroker(Settings.of(Map.of("task_redis_key_prefix", " "))));
        assertEquals("task_redis_key_prefix", e.key());
        try (TaskBroker b = provider().openBroker(Settings.of(Map.of("task_redis_address",
                "127.0.0.1:" + Clients.freePort())))) {
            e = assertThrows(SettingsException.class, b::check);
            assertEquals("task_redis_address", e.key());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        try (RedisServer redis = RedisServer.start(dir, "--requirepass", "right");
             TaskBroker b = open(redis, "task_redis_password", "wrong")) {
            e = assertThrows(SettingsException.class, b::check);
            assertEquals("task_redis_password", e.key(), e.getMessage());
        }
    }

    @Test
    void aTaskOverTheLimitIsRefusedWithItsSize(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir); TaskBroker sender = open(redis)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> sender.send(ByteBuffer.allocate(RedisTaskBroker.MAX_TASK_BYTES + 1)));
            assertTrue(e.getMessage().contains("64 MiB"), e.getMessage());
        }
    }
}
