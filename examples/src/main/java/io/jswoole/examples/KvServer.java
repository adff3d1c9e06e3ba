package io.jswoole.examples;

import io.jswoole.Server;
import io.jswoole.settings.Keys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An in-memory key-value server speaking RESP2 ({@code redis-cli}, {@code redis-benchmark}) on
 * {@code open_redis_protocol}, in process mode: the key space is split into one shard per
 * worker ({@code hash(key) % worker_num}), and each shard lives in the worker of that number, so
 * every worker sees one consistent key space.
 *
 * <p>A dispatch function in the master sends each command to the worker that owns its (first)
 * key's shard; commands without a key go by connection. So one connection's commands are served
 * by several workers at once, and {@code ordered_replies} makes the master send their replies in
 * the order of the requests, which pipelining clients rely on. A multi-key command (DEL, EXISTS,
 * MSET, MGET) whose keys lie on several shards is refused with {@code -CROSSSLOT}, never answered
 * wrongly.
 *
 * <p>Commands: PING, ECHO, SET (EX, PX, NX, XX), GET, DEL, EXISTS, INCR, INCRBY, DECR, DECRBY,
 * EXPIRE, TTL, MSET, MGET, COMMAND and CONFIG GET (empty answers, for clients that ask), QUIT.
 *
 * <pre>{@code
 * $ redis-cli -p 9501 SET greeting hello
 * $ redis-benchmark -p 9501 -t set,get -c 50 -P 16 -q
 * }</pre>
 */
public final class KvServer {
    private static final byte[] EMPTY_ARRAY = "*0\r\n".getBytes(StandardCharsets.US_ASCII);

    private final KvStore store = new KvStore();

    private KvServer() {
    }

    /** The key-value server on {@code host:port}, in process mode with 4 workers, not started. */
    public static Server create(String host, int port) {
        Server server = new Server(host, port, Sockets.tcp(host));
        server.set(Map.of(Keys.MODE.key(), "process", Keys.WORKER_NUM.key(), 4,
                Keys.OPEN_REDIS_PROTOCOL.key(), true, Keys.ORDERED_REPLIES.key(), true));
        server.setDispatchFunction((fd, type, data) -> {
            int workers = server.settings().get(Keys.WORKER_NUM);
            int shard = type == Server.EVENT_RECEIVE ? keyShard(data, workers) : -1;
            return shard < 0 ? fd % workers : shard;
        });
        KvServer kv = new KvServer(); // one per process: a worker holds the shard of its own number
        server.onReceive((srv, fd, reactorId, data) -> kv.command(srv, fd, data));
        return server;
    }

    /** The worker that owns {@code key}'s shard. */
    static int shard(String key, int workers) {
        return (key.hashCode() & 0x7fffffff) % workers;
    }

    /**
     * The shard of a command packet's first key, or -1 for a command without keys: read in place
     * for a multi-bulk command (what clients send), as the dispatch function runs on the master's
     * reactor thread for every command; an inline command is parsed whole.
     */
    static int keyShard(ByteBuffer packet, int workers) {
        int p = packet.position();
        if (!packet.hasRemaining() || packet.get(p) != '*') {
            String key = firstKey(packet);
            return key == null ? -1 : shard(key, workers);
        }
        try {
            int[] at = {p + 1};
            if (number(packet, at) < 2) {
                return -1;
            }
            at[0]++; // '$'
            int nameLength = number(packet, at);
            if (!KvStore.hasFirstKey(packet, at[0], nameLength)) {
                return -1;
            }
            at[0] += nameLength + 3; // the name, CRLF, '$'
            int keyLength = number(packet, at);
            int hash = 0; // String.hashCode of the key read as ISO-8859-1, as shard(String) computes it
            for (int i = at[0], end = at[0] + keyLength; i < end; i++) {
                hash = 31 * hash + (packet.get(i) & 0xff);
            }
            return (hash & 0x7fffffff) % workers;
        } catch (IndexOutOfBoundsException e) {
            return -1; // open_redis_protocol delivers whole commands; anything else goes by connection
        }
    }

    /** The decimal number at {@code at[0]}, up to its CRLF; leaves {@code at[0]} after the CRLF. */
    private static int number(ByteBuffer packet, int[] at) {
        int i = at[0];
        int n = 0;
        for (byte b = packet.get(i); b != '\r'; b = packet.get(++i)) {
            n = n * 10 + (b - '0');
        }
        at[0] = i + 2;
        return n;
    }

    /** The first key of a command packet, or null for a command without keys (or a malformed one). */
    static String firstKey(ByteBuffer packet) {
        byte[] bytes = new byte[packet.remaining()];
        packet.duplicate().get(bytes);
        List<byte[]> args = Resp.parse(bytes);
        List<String> keys = args.isEmpty() ? null : KvStore.keysOf(args);
        return keys == null || keys.isEmpty() ? null : keys.get(0);
    }

    private void command(Server srv, int fd, byte[] packet) {
        List<byte[]> args = Resp.parse(packet);
        if (args.isEmpty()) {
            return;
        }
        String cmd = KvStore.name(args);
        switch (cmd) {
            case "ping" -> srv.send(fd, args.size() == 1 ? Resp.simple("PONG")
                    : args.size() == 2 ? Resp.bulk(args.get(1)) : arity(cmd));
            case "echo" -> srv.send(fd, args.size() == 2 ? Resp.bulk(args.get(1)) : arity(cmd));
            case "command" -> srv.send(fd, EMPTY_ARRAY);
            case "config" -> srv.send(fd, config(args));
            case "quit" -> {
                srv.send(fd, Resp.OK);
                srv.close(fd);
            }
            default -> srv.send(fd, keyed(srv, cmd, args));
        }
    }

    /** Runs a command on keys: here when they are all on this worker's shard, else refused. */
    private byte[] keyed(Server srv, String cmd, List<byte[]> args) {
        List<String> keys = KvStore.keysOf(args);
        if (keys == null) {
            return Resp.error("ERR unknown command '" + cmd + "'");
        }
        int workers = srv.settings().get(Keys.WORKER_NUM);
        int owner = -1;
        for (String k : keys) {
            int shard = shard(k, workers);
            if (owner >= 0 && shard != owner) {
                return Resp.error("CROSSSLOT Keys in request don't hash to the same shard (worker)");
            }
            owner = shard;
        }
        if (owner >= 0 && owner != srv.getWorkerId()) {
            // The dispatch function sends a command to its key's worker: this only happens if it did not.
            return Resp.error("ERR key of shard " + owner + " reached worker " + srv.getWorkerId());
        }
        return store.execute(args);
    }

    /** {@code CONFIG GET name}: the name with an empty value (redis-benchmark asks for save and appendonly). */
    private static byte[] config(List<byte[]> args) {
        if (args.size() == 3 && KvStore.key(args.get(1)).equalsIgnoreCase("get")) {
            return Resp.array(List.of(Resp.bulk(args.get(2)), Resp.bulk(new byte[0])));
        }
        return Resp.error("ERR only CONFIG GET name is supported");
    }

    private static byte[] arity(String cmd) {
        return Resp.error("ERR wrong number of arguments for '" + cmd + "' command");
    }

    /** Runs the server: {@code KvServer [host [port]]}, by default on 127.0.0.1:9501. */
    public static void main(String[] args) {
        create(Sockets.host(args), Sockets.port(args)).start();
    }
}
