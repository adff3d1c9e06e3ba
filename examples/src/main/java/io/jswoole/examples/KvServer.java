package io.jswoole.examples;

import io.jswoole.Server;
import io.jswoole.settings.Keys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * MSET, MGET) whose keys lie on several shards is refused with {@code -ERR CROSSSLOT ...}, never answered
 * wrongly.
 *
 * <p>Commands: PING, ECHO, SET (EX, PX, NX, XX), GET, DEL, EXISTS, INCR, INCRBY, DECR, DECRBY,
 * EXPIRE, TTL, MSET, MGET, COMMAND and CONFIG GET (empty answers, for clients that ask), QUIT.
 *
 * <p>Both sides read a command where it lies: the dispatch function finds the first key in the
 * master's packet, and a worker gets the packet as a buffer ({@code onReceiveBuffer}), parses it
 * into its one reused {@link RespCommand} and finds the command by its name's bytes
 * ({@link KvCommand}), so that a GET or a plain SET makes (almost) no garbage; see
 * {@link KvStore} for the keys and values.
 *
 * <pre>{@code
 * $ redis-cli -p 9501 SET greeting hello
 * $ redis-benchmark -p 9501 -t set,get -c 50 -P 16 -q
 * }</pre>
 */
public final class KvServer {
    private static final byte[] PONG = Resp.simple("PONG");
    private static final byte[] EMPTY_ARRAY = "*0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_BULK = Resp.bulk(new byte[0]);
    private static final byte[] GET = {'g', 'e', 't'};
    private static final byte[] CONFIG_GET_ONLY = Resp.error("ERR only CONFIG GET name is supported");
    private static final byte[] CROSSSLOT = Resp.error("ERR CROSSSLOT keys in request don't hash to the same shard");

    /** The parser of each reactor thread that runs the dispatch function. */
    private static final ThreadLocal<RespCommand> DISPATCH_PARSER = ThreadLocal.withInitial(RespCommand::new);

    private final Server server;
    private final KvStore store = new KvStore();
    private final RespCommand command = new RespCommand();
    /** {@code worker_num} once read, else 0: see {@link #workers()}. */
    private int workers;

    private KvServer(Server server) {
        this.server = server;
    }

    /** The key-value server on {@code host:port}, in process mode with 4 workers, not started. */
    public static Server create(String host, int port) {
        Server server = new Server(host, port, Sockets.tcp(host));
        server.set(Map.of(Keys.MODE.key(), "process", Keys.WORKER_NUM.key(), 4,
                Keys.OPEN_REDIS_PROTOCOL.key(), true, Keys.ORDERED_REPLIES.key(), true));
        KvServer kv = new KvServer(server); // one per process: a worker holds the shard of its own number
        server.setDispatchFunction(kv::dispatch);
        server.onReceiveBuffer((srv, fd, reactorId, data) -> kv.command(srv, fd, data));
        return server;
    }

    private int dispatch(int fd, int type, ByteBuffer data) {
        int workers = workers();
        int shard = type == Server.EVENT_RECEIVE ? keyShard(data, workers) : -1;
        return shard < 0 ? fd % workers : shard;
    }

    /**
     * {@code worker_num}, read from the settings at the first call: they do not change once the
     * server runs, and only a running server calls the dispatch function and the callbacks. The
     * dispatch function may run on several reactor threads at once; each may read the setting, and
     * all store the same value.
     */
    private int workers() {
        int w = workers;
        if (w == 0) {
            w = server.settings().get(Keys.WORKER_NUM);
            workers = w;
        }
        return w;
    }

    /**
     * The worker that owns {@code key}'s shard, by {@link String#hashCode}: {@link RespCommand#hash(int)}
     * computes the same from the key's bytes.
     */
    static int shard(String key, int workers) {
        return shard(key.hashCode(), workers);
    }

    /** The worker that owns the shard of a key whose hash is {@code keyHash}. */
    static int shard(int keyHash, int workers) {
        return (keyHash & 0x7fffffff) % workers;
    }

    /**
     * The shard of a command packet's first key, or -1 for a command without keys. The dispatch
     * function runs on the master's reactor threads, for every command, several at once: each
     * thread parses in place with a parser of its own.
     */
    static int keyShard(ByteBuffer packet, int workers) {
        RespCommand c = DISPATCH_PARSER.get();
        try {
            KvCommand cmd = c.parse(packet) ? KvCommand.of(c) : null;
            return cmd != null && cmd.hasKeys() && c.count() > 1 ? shard(c.hash(1), workers) : -1;
        } catch (IndexOutOfBoundsException | RespCommand.NotAnInteger e) {
            return -1; // open_redis_protocol delivers whole commands; anything else goes by connection
        }
    }

    private void command(Server srv, int fd, ByteBuffer data) {
        RespCommand c = command;
        if (!c.parse(data)) {
            return;
        }
        KvCommand cmd = KvCommand.of(c);
        if (cmd == null) {
            srv.send(fd, KvStore.unknown(c));
            return;
        }
        switch (cmd) {
            case PING -> srv.send(fd, c.count() == 1 ? PONG : c.count() == 2 ? c.bulk(1) : KvStore.arity(cmd));
            case ECHO -> srv.send(fd, c.count() == 2 ? c.bulk(1) : KvStore.arity(cmd));
            case COMMAND -> srv.send(fd, EMPTY_ARRAY);
            case CONFIG -> srv.send(fd, config(c));
            case QUIT -> {
                srv.send(fd, Resp.OK);
                srv.close(fd);
            }
            default -> srv.send(fd, keyed(srv, cmd, c));
        }
    }

    /** Runs a command on keys: here when they are all on this worker's shard, else refused. */
    private byte[] keyed(Server srv, KvCommand cmd, RespCommand c) {
        int workers = workers();
        int owner = -1;
        for (int i = 1, end = cmd.keysEnd(c.count()); i < end; i += cmd.keyStep()) {
            int shard = shard(c.hash(i), workers);
            if (owner >= 0 && shard != owner) {
                return CROSSSLOT;
            }
            owner = shard;
        }
        if (owner >= 0 && owner != srv.getWorkerId()) {
            // The dispatch function sends a command to its key's worker: this only happens if it did not.
            return Resp.error("ERR key of shard " + owner + " reached worker " + srv.getWorkerId());
        }
        return store.execute(cmd, c);
    }

    /** {@code CONFIG GET name}: the name with an empty value (redis-benchmark asks for save and appendonly). */
    private static byte[] config(RespCommand c) {
        return c.count() == 3 && c.is(1, GET) ? Resp.array(c.bulk(2), EMPTY_BULK) : CONFIG_GET_ONLY;
    }

    /** Runs the server: {@code KvServer [host [port]]}, by default on 127.0.0.1:9501. */
    public static void main(String[] args) {
        create(Sockets.host(args), Sockets.port(args)).start();
    }
}
