package io.jswoole.examples;

import io.jswoole.Server;
import io.jswoole.settings.Keys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory key-value server speaking RESP2 ({@code redis-cli}, {@code redis-benchmark}) on
 * {@code open_redis_protocol}, in process mode: the key space is split into one shard per
 * worker ({@code hash(key) % worker_num}), and each shard lives in the worker of that number, so
 * every worker sees one consistent key space.
 *
 * <p>A connection's commands all go to one worker ({@code dispatch_mode=2}, by fd), which keeps
 * its replies in request order. That worker runs a command on its own shard at once and hands a
 * command on another worker's shard to that worker ({@code sendMessage}); the answer comes back
 * the same way and waits, if needed, until the replies to earlier requests of the connection have
 * left ({@link ReplyOrder}). A multi-key command (DEL, EXISTS, MSET, MGET) whose keys lie on
 * several shards is refused with {@code -CROSSSLOT}, never answered wrongly.
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
    private static final byte EXECUTE = 'E';
    private static final byte ANSWER = 'A';
    private static final byte[] EMPTY_ARRAY = "*0\r\n".getBytes(StandardCharsets.US_ASCII);

    private final KvStore store = new KvStore();
    private final Map<Long, ReplyOrder.Slot> forwarded = new HashMap<>();
    private ReplyOrder order;
    private long nextId;

    private KvServer() {
    }

    /** The key-value server on {@code host:port}, in process mode with 4 workers, not started. */
    public static Server create(String host, int port) {
        Server server = new Server(host, port, Sockets.tcp(host));
        server.set(Map.of(Keys.MODE.key(), "process", Keys.WORKER_NUM.key(), 4, Keys.DISPATCH_MODE.key(), 2,
                Keys.OPEN_REDIS_PROTOCOL.key(), true));
        KvServer kv = new KvServer(); // one per process: a worker holds the shard of its own number
        server.onWorkerStart((srv, workerId) -> kv.order = new ReplyOrder(srv::send, srv::close));
        server.onReceive((srv, fd, reactorId, data) -> kv.command(srv, fd, data));
        server.onPipeMessage(kv::message);
        server.onClose((srv, fd, reactorId) -> kv.order.forget(fd));
        return server;
    }

    /** The worker that owns {@code key}'s shard. */
    static int shard(String key, int workers) {
        return (key.hashCode() & 0x7fffffff) % workers;
    }

    private void command(Server srv, int fd, byte[] packet) {
        List<byte[]> args = Resp.parse(packet);
        if (args.isEmpty()) {
            return;
        }
        String cmd = KvStore.name(args);
        switch (cmd) {
            case "ping" -> answer(srv, fd, args.size() == 1 ? Resp.simple("PONG")
                    : args.size() == 2 ? Resp.bulk(args.get(1)) : arity(cmd), false);
            case "echo" -> answer(srv, fd, args.size() == 2 ? Resp.bulk(args.get(1)) : arity(cmd), false);
            case "command" -> answer(srv, fd, EMPTY_ARRAY, false);
            case "config" -> answer(srv, fd, config(args), false);
            case "quit" -> answer(srv, fd, Resp.OK, true);
            default -> keyed(srv, fd, cmd, args);
        }
    }

    private void keyed(Server srv, int fd, String cmd, List<byte[]> args) {
        List<String> keys = KvStore.keysOf(args);
        if (keys == null) {
            answer(srv, fd, Resp.error("ERR unknown command '" + cmd + "'"), false);
            return;
        }
        int workers = srv.settings().get(Keys.WORKER_NUM);
        Set<Integer> shards = new HashSet<>();
        keys.forEach(k -> shards.add(shard(k, workers)));
        if (shards.size() > 1) {
            answer(srv, fd, Resp.error("CROSSSLOT Keys in request don't hash to the same shard (worker)"), false);
            return;
        }
        int owner = shards.isEmpty() ? srv.getWorkerId() : shards.iterator().next();
        if (owner == srv.getWorkerId()) {
            answer(srv, fd, store.execute(args), false);
            return;
        }
        long id = nextId++;
        forwarded.put(id, order.reserve(fd));
        srv.sendMessage(message(EXECUTE, id, Resp.command(args)), owner);
    }

    /** Sends {@code reply} to {@code fd} now, or after the replies still to come before it. */
    private void answer(Server srv, int fd, byte[] reply, boolean close) {
        if (order.waiting(fd)) {
            order.fill(order.reserve(fd), reply, close);
            return;
        }
        srv.send(fd, reply);
        if (close) {
            srv.close(fd);
        }
    }

    /** Another worker's message: a command on this worker's shard, or the answer to one this worker forwarded. */
    private void message(Server srv, int from, byte[] message) {
        ByteBuffer m = ByteBuffer.wrap(message);
        byte type = m.get();
        long id = m.getLong();
        byte[] payload = new byte[m.remaining()];
        m.get(payload);
        if (type == EXECUTE) {
            srv.sendMessage(message(ANSWER, id, store.execute(Resp.parse(payload))), from);
        } else {
            ReplyOrder.Slot slot = forwarded.remove(id);
            if (slot != null) {
                order.fill(slot, payload, false);
            }
        }
    }

    private static byte[] message(byte type, long id, byte[] payload) {
        return ByteBuffer.allocate(9 + payload.length).put(type).putLong(id).put(payload).array();
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
