package io.jswoole.testsuite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.testing.ServerProcess;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kv} example in process mode with three workers (three shards), driven by redis-cli,
 * redis-benchmark and raw sockets: one consistent key space across connections and workers, and
 * replies in request order on a pipelining connection whose keys live on every shard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class KvExampleTest {
    private static final int WORKERS = 3;

    @TempDir
    Path dir;
    private ServerProcess server;
    private String port;

    @BeforeAll
    void start() throws Exception {
        server = ServerProcess.start(dir, ExampleApp.class, "kv", "process", "epoll", Integer.toString(WORKERS));
        port = Integer.toString(server.port(0));
        server.awaitLines(l -> l.contains("] INFO ready "), WORKERS, 60_000);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    private String cli(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("-p", port));
        args.addAll(List.of(command));
        ClientTool.Result r = ClientTool.run(30, "redis-cli", args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return r.out().strip();
    }

    @Test
    void redisCliCommandsSeeOneKeySpace() throws Exception {
        assertEquals("PONG", cli("PING"));
        assertEquals("hi there", cli("ECHO", "hi there"));
        // COMMAND's minimal answer, an empty array (--no-raw tells it from a nil, which is empty in raw output too)
        assertEquals("", cli("COMMAND"));
        assertEquals("(empty array)", cli("--no-raw", "COMMAND"));
        for (int i = 0; i < 12; i++) { // twelve keys: every shard, each command on a new connection
            assertEquals("OK", cli("SET", "key" + i, "value" + i));
        }
        for (int i = 0; i < 12; i++) {
            assertEquals("value" + i, cli("GET", "key" + i));
        }
        assertEquals("", cli("GET", "missing"));
        assertEquals("", cli("SET", "key0", "other", "NX"));
        assertEquals("OK", cli("SET", "key0", "other", "XX"));
        assertEquals("other", cli("GET", "key0"));
        assertEquals("", cli("SET", "fresh", "x", "XX"));
        assertEquals("OK", cli("SET", "counter", "10", "EX", "100"));
        assertEquals("11", cli("INCR", "counter"));
        assertEquals("16", cli("INCRBY", "counter", "5"));
        assertEquals("15", cli("DECR", "counter"));
        long ttl = Long.parseLong(cli("TTL", "counter"));
        assertTrue(ttl > 90 && ttl <= 100, "the TTL survives INCR: " + ttl);
        assertEquals("-1", cli("TTL", "key1"));
        assertEquals("-2", cli("TTL", "missing"));
        assertEquals("1", cli("EXPIRE", "key1", "50"));
        assertTrue(Long.parseLong(cli("TTL", "key1")) > 40);
        assertEquals("OK", cli("SET", "short", "x", "PX", "1"));
        io.jswoole.testing.Await.until(() -> {
            try {
                return cli("EXISTS", "short").equals("0");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(cli("INCR", "key2").startsWith("ERR value is not an integer"));
        assertEquals("1", cli("DEL", "key3"));
        assertEquals("0", cli("EXISTS", "key3"));
        assertTrue(cli("NOSUCH").startsWith("ERR unknown command"));
    }

    @Test
    void multiKeyCommandsAreRightOrRefused() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add("mk" + i);
        }
        List<String> mset = new ArrayList<>(List.of("MSET"));
        keys.forEach(k -> mset.addAll(List.of(k, "v-" + k)));
        String msetAnswer = cli(mset.toArray(String[]::new));
        assertEquals("ERR CROSSSLOT keys in request don't hash to the same shard", msetAnswer,
                "twenty keys lie on several shards");
        // keys of one shard: MSET, MGET, EXISTS and DEL are answered
        List<String> sameShard = new ArrayList<>();
        for (int i = 0; sameShard.size() < 3; i++) {
            String k = "same" + i;
            if (((k.hashCode() & 0x7fffffff) % WORKERS) == 1) {
                sameShard.add(k);
            }
        }
        assertEquals("OK", cli("MSET", sameShard.get(0), "a", sameShard.get(1), "b"));
        assertEquals("a\nb\n", cli("MGET", sameShard.get(0), sameShard.get(1), sameShard.get(2)) + "\n");
        assertEquals("2", cli("EXISTS", sameShard.get(0), sameShard.get(1), sameShard.get(2)));
        assertEquals("2", cli("DEL", sameShard.get(0), sameShard.get(1)));
    }

    @Test
    void pipelinedRepliesKeepTheOrderOfTheRequests() throws Exception {
        int n = 400;
        StringBuilder sets = new StringBuilder();
        StringBuilder gets = new StringBuilder();
        Set<Integer> shards = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String key = "p" + i;
            shards.add((key.hashCode() & 0x7fffffff) % WORKERS);
            sets.append(command("SET", key, Integer.toString(i)));
            gets.append(i % 7 == 0 ? "PING\r\n" : command("GET", key));
        }
        assertEquals(WORKERS, shards.size(), "keys on every shard");
        try (Socket c = Wire.connect(Integer.parseInt(port))) {
            Wire.write(c, sets.toString() + gets);
            InputStream in = c.getInputStream();
            for (int i = 0; i < n; i++) {
                assertEquals("+OK", Wire.line(in), "reply " + i);
            }
            for (int i = 0; i < n; i++) {
                if (i % 7 == 0) {
                    assertEquals("+PONG", Wire.line(in), "reply to PING " + i);
                } else {
                    assertEquals("$" + Integer.toString(i).length(), Wire.line(in), "reply to GET p" + i);
                    assertEquals(Integer.toString(i), Wire.line(in), "reply to GET p" + i);
                }
            }
            Wire.write(c, "PING\r\nQUIT\r\n");
            assertEquals("+PONG", Wire.line(in));
            assertEquals("+OK", Wire.line(in));
            assertEquals(-1, in.read(), "QUIT closes");
        }
    }

    @Test
    void aProtocolErrorIsAnsweredThenClosed() throws Exception {
        try (Socket c = Wire.connect(Integer.parseInt(port))) {
            Wire.write(c, "PING\r\n*1\r\n$-5\r\n");
            InputStream in = c.getInputStream();
            assertEquals("+PONG", Wire.line(in));
            assertEquals("-ERR Protocol error: invalid bulk length", Wire.line(in));
            assertEquals(-1, in.read());
        }
    }

    @Test
    void redisBenchmarkRunsSetAndGetPipelined() throws Exception {
        ClientTool.Result r = ClientTool.run(90, "redis-benchmark", "-p", port, "-t", "set,get", "-n", "5000",
                "-c", "10", "-P", "16", "-q");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("SET: ") && r.out().contains("GET: "), r.out());
        assertTrue(!r.out().contains("ERR") && !r.err().contains("CONFIG"), r.out() + r.err());
    }

    private static String command(String... args) {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return b.toString();
    }
}
