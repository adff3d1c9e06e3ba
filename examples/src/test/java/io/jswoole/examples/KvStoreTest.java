package io.jswoole.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kv example's commands on one shard, on a clock the test moves, and its reply ordering. */
@Timeout(10)
class KvStoreTest {
    private long now = 1_000_000;
    private final KvStore store = new KvStore(() -> now);
    private final RespCommand command = new RespCommand();

    private String run(String line) {
        return new String(execute(line), StandardCharsets.US_ASCII);
    }

    /** The reply to an inline command line, parsed as a worker parses a packet. */
    private byte[] execute(String line) {
        command.parse(ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        return store.execute(command);
    }

    @Test
    void setOptionsAndExpiry() {
        assertEquals("+OK\r\n", run("SET k v EX 10"));
        assertEquals("$-1\r\n", run("SET k w NX"));
        assertEquals(":10\r\n", run("TTL k"));
        now += 10_000;
        assertEquals("$-1\r\n", run("GET k"));
        assertEquals("$-1\r\n", run("SET k w XX"));
        assertEquals("+OK\r\n", run("SET k w PX 1500"));
        assertEquals(":2\r\n", run("TTL k"));
        assertEquals("-ERR syntax error\r\n", run("SET k v EX"));
        assertEquals("-ERR syntax error\r\n", run("SET k v NX XX"));
        assertEquals("-ERR value is not an integer or out of range\r\n", run("SET k v EX ten"));
    }

    @Test
    void countersAndMultiKeyCommands() {
        assertEquals(":1\r\n", run("INCR c"));
        assertEquals(":-4\r\n", run("DECRBY c 5"));
        assertEquals("-ERR increment or decrement would overflow\r\n", run("INCRBY c -9223372036854775807"));
        assertEquals("+OK\r\n", run("MSET a 1 b 2"));
        assertEquals("*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n", run("MGET a x b"));
        assertEquals(":3\r\n", run("EXISTS a a b"));
        assertEquals(":2\r\n", run("DEL a b x"));
        assertEquals("-ERR wrong number of arguments for 'get' command\r\n", run("GET"));
    }

    @Test
    void countersKeepTheirExpiryAndErrorsNameTheCommand() {
        assertEquals("+OK\r\n", run("SET n 10 EX 100"));
        assertEquals(":11\r\n", run("INCR n"));
        assertEquals("$2\r\n11\r\n", run("GET n"));
        assertEquals(":100\r\n", run("TTL n"));
        assertEquals("-ERR value is not an integer or out of range\r\n", run("INCRBY n 1x"));
        assertEquals("+OK\r\n", run("SET s abc"));
        assertEquals("-ERR value is not an integer or out of range\r\n", run("INCR s"));
        assertEquals(":-1\r\n", run("TTL s"));
        assertEquals(":-2\r\n", run("TTL nope"));
        assertEquals(":1\r\n", run("EXPIRE s 5"));
        now += 5_000;
        assertEquals(":0\r\n", run("EXISTS s"));
        assertEquals("-ERR invalid expire time in 'set' command\r\n", run("SET k v PX 0"));
        assertEquals("-ERR wrong number of arguments for 'incrby' command\r\n", run("IncrBy n"));
        assertEquals("-ERR unknown command 'nosuch'\r\n", run("NoSuch a"));
        assertEquals("-ERR unknown command 'ping'\r\n", run("PING"), "not a command on keys");
    }

    @Test
    void theDispatchFunctionFindsTheFirstKey() {
        int workers = Integer.MAX_VALUE; // a shard per hash, nearly
        assertEquals(KvServer.shard("k1", workers), KvServer.keyShard(ByteBuffer.wrap(
                "*3\r\n$3\r\nSET\r\n$2\r\nk1\r\n$1\r\nv\r\n".getBytes(StandardCharsets.US_ASCII)), workers));
        assertEquals(KvServer.shard("a", workers), KvServer.keyShard(ByteBuffer.wrap(
                "MGET a b\r\n".getBytes(StandardCharsets.US_ASCII)), workers));
        assertEquals(-1, KvServer.keyShard(ByteBuffer.wrap("PING\r\n".getBytes(StandardCharsets.US_ASCII)), workers));
    }

    @Test
    void theShardReadInPlaceIsTheShardOfTheParsedKey() {
        for (String key : new String[] {"k1", "key:000000012345", "Zürich", "a"}) {
            for (String cmd : new String[] {"SET", "get", "MsEt", "INCRBY", "del"}) {
                ByteBuffer packet = ByteBuffer.wrap(Resp.command(List.of(
                        cmd.getBytes(StandardCharsets.US_ASCII), key.getBytes(StandardCharsets.ISO_8859_1),
                        "v".getBytes(StandardCharsets.US_ASCII))));
                packet.position(0);
                for (int workers : new int[] {1, 3, 4}) {
                    assertEquals(KvServer.shard(key, workers), KvServer.keyShard(packet, workers), cmd + " " + key);
                }
            }
        }
        for (String inline : new String[] {"GET a\r\n", "MGET a b\r\n"}) {
            assertEquals(KvServer.shard("a", 4), KvServer.keyShard(ByteBuffer.wrap(
                    inline.getBytes(StandardCharsets.US_ASCII)), 4), inline);
        }
        assertEquals(-1, KvServer.keyShard(ByteBuffer.wrap("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII)), 4));
        assertEquals(-1, KvServer.keyShard(ByteBuffer.wrap(
                "*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)), 4));
    }
}
