package io.jswoole.examples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The keys of one shard of the {@code kv} example and the string and counter commands on them,
 * with Redis's replies: SET (EX, PX, NX, XX), GET, DEL, EXISTS, INCR, INCRBY, DECR, DECRBY,
 * EXPIRE, TTL, MSET, MGET. Expired keys are dropped when touched.
 *
 * <p>Made for a command without garbage: keys are looked up with one reused {@link Key} that the
 * key's bytes are copied into, and a value is kept encoded as the bulk string GET replies, so a GET
 * sends the stored array itself and a SET of a key that exists allocates only that array. The
 * clock is read only for an entry with an expiry, or a command that sets one or asks for it.
 * Not thread-safe: one worker's event loop uses it.
 */
public final class KvStore {
    /**
     * A key: its bytes and their hash, cached. The hash is {@link RespCommand#hash(int)}'s, the one
     * the key's shard is chosen by; equality is the bytes'. Mutable only for the store's one lookup
     * key, which is never put in the map.
     */
    static final class Key {
        private byte[] bytes;
        private int length;
        private int hash;

        /** A lookup key, for {@link #load}. */
        private Key() {
            bytes = new byte[32];
        }

        private Key(byte[] bytes, int hash) {
            this.bytes = bytes;
            this.length = bytes.length;
            this.hash = hash;
        }

        /** This lookup key set to argument {@code i} of {@code c}. */
        Key load(RespCommand c, int i) {
            length = c.length(i);
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, 2 * bytes.length)];
            }
            c.copyTo(i, bytes);
            hash = c.hash(i);
            return this;
        }

        /** A key of its own with these bytes, to put in the map. */
        Key copy() {
            return new Key(Arrays.copyOf(bytes, length), hash);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, 0, length, k.bytes, 0, k.length);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static final class Entry {
        /** The value as GET's reply, {@code $<length>\r\n<value>\r\n}: never changed, as replies share it. */
        byte[] reply;
        /** When it expires, in the clock's milliseconds, or 0 for never. */
        long expiresAtMillis;

        Entry(byte[] reply, long expiresAtMillis) {
            this.reply = reply;
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    private static final byte[] NOT_INTEGER = Resp.error("ERR value is not an integer or out of range");
    private static final byte[] SYNTAX = Resp.error("ERR syntax error");
    private static final byte[] INVALID_EXPIRE = Resp.error("ERR invalid expire time in 'set' command");
    private static final byte[] OVERFLOW = Resp.error("ERR increment or decrement would overflow");
    private static final byte[] NX = {'n', 'x'};
    private static final byte[] XX = {'x', 'x'};
    private static final byte[] EX = {'e', 'x'};
    private static final byte[] PX = {'p', 'x'};

    private final Map<Key, Entry> map = new HashMap<>();
    private final Key probe = new Key();
    private final LongSupplier clock;

    /** A store on the system clock. */
    public KvStore() {
        this(System::currentTimeMillis);
    }

    /** A store on {@code clock} (milliseconds), for tests. */
    public KvStore(LongSupplier clock) {
        this.clock = clock;
    }

    /** Runs a command whose keys all belong to this store; returns the encoded reply. */
    public byte[] execute(RespCommand c) {
        return execute(KvCommand.of(c), c);
    }

    /** Runs {@code c}, whose name is {@code cmd}'s (null for an unknown one), as {@link #execute(RespCommand)}. */
    byte[] execute(KvCommand cmd, RespCommand c) {
        if (cmd == null) {
            return unknown(c);
        }
        try {
            return run(cmd, c);
        } catch (RespCommand.NotAnInteger e) {
            return NOT_INTEGER; // an argument that must be a number, or the value INCR and the like change
        }
    }

    private byte[] run(KvCommand cmd, RespCommand c) {
        int n = c.count();
        switch (cmd) {
            case GET -> {
                if (n != 2) {
                    return arity(cmd);
                }
                Entry e = live(key(c, 1));
                return e == null ? Resp.NIL : e.reply;
            }
            case SET -> {
                return n < 3 ? arity(cmd) : set(c);
            }
            case DEL -> {
                if (n < 2) {
                    return arity(cmd);
                }
                int removed = 0;
                for (int i = 1; i < n; i++) {
                    Key k = key(c, i);
                    if (live(k) != null) {
                        map.remove(k);
                        removed++;
                    }
                }
                return Resp.integer(removed);
            }
            case EXISTS -> {
                if (n < 2) {
                    return arity(cmd);
                }
                int found = 0;
                for (int i = 1; i < n; i++) {
                    found += live(key(c, i)) == null ? 0 : 1;
                }
                return Resp.integer(found);
            }
            case INCR, DECR -> {
                return n != 2 ? arity(cmd) : add(key(c, 1), cmd == KvCommand.INCR ? 1 : -1);
            }
            case INCRBY, DECRBY -> {
                if (n != 3) {
                    return arity(cmd);
                }
                long by = c.longAt(2);
                return add(key(c, 1), cmd == KvCommand.INCRBY ? by : -by);
            }
            case EXPIRE -> {
                if (n != 3) {
                    return arity(cmd);
                }
                long seconds = c.longAt(2);
                return Resp.integer(expire(key(c, 1), seconds));
            }
            case TTL -> {
                return n != 2 ? arity(cmd) : Resp.integer(ttl(key(c, 1)));
            }
            case MSET -> {
                if (n < 3 || n % 2 == 0) {
                    return arity(cmd);
                }
                for (int i = 1; i < n; i += 2) {
                    put(key(c, i), c.bulk(i + 1), 0);
                }
                return Resp.OK;
            }
            case MGET -> {
                if (n < 2) {
                    return arity(cmd);
                }
                byte[][] replies = new byte[n - 1][];
                for (int i = 1; i < n; i++) {
                    Entry e = live(key(c, i));
                    replies[i - 1] = e == null ? Resp.NIL : e.reply;
                }
                return Resp.array(replies);
            }
            default -> {
                return unknown(c); // not a command on keys
            }
        }
    }

    private byte[] set(RespCommand c) {
        long expiresAt = 0;
        boolean nx = false;
        boolean xx = false;
        for (int i = 3; i < c.count(); i++) {
            if (c.is(i, NX)) {
                nx = true;
            } else if (c.is(i, XX)) {
                xx = true;
            } else if (c.is(i, EX) || c.is(i, PX)) {
                if (i + 1 >= c.count() || expiresAt != 0) {
                    return SYNTAX;
                }
                long unit = c.is(i, EX) ? 1000 : 1;
                long v = c.longAt(++i);
                if (v <= 0) {
                    return INVALID_EXPIRE;
                }
                expiresAt = clock.getAsLong() + v * unit;
            } else {
                return SYNTAX;
            }
        }
        if (nx && xx) {
            return SYNTAX;
        }
        Key key = key(c, 1);
        if (nx || xx) {
            boolean exists = live(key) != null;
            if (nx && exists || xx && !exists) {
                return Resp.NIL;
            }
        }
        put(key, c.bulk(2), expiresAt);
        return Resp.OK;
    }

    private byte[] add(Key key, long by) {
        Entry e = live(key);
        long v = 0;
        if (e != null) {
            v = RespCommand.parseLong(ByteBuffer.wrap(e.reply), Resp.bulkValueStart(e.reply), e.reply.length - 2);
        }
        long sum = v + by;
        if (((v ^ sum) & (by ^ sum)) < 0) {
            return OVERFLOW;
        }
        put(key, Resp.bulk(Long.toString(sum).getBytes(StandardCharsets.US_ASCII)),
                e == null ? 0 : e.expiresAtMillis);
        return Resp.integer(sum);
    }

    private int expire(Key key, long seconds) {
        Entry e = live(key);
        if (e == null) {
            return 0;
        }
        if (seconds <= 0) {
            map.remove(key);
        } else {
            e.expiresAtMillis = clock.getAsLong() + seconds * 1000;
        }
        return 1;
    }

    private long ttl(Key key) {
        Entry e = live(key);
        if (e == null) {
            return -2;
        }
        if (e.expiresAtMillis == 0) {
            return -1;
        }
        return (e.expiresAtMillis - clock.getAsLong() + 500) / 1000;
    }

    /** Argument {@code i} as the lookup key: valid until the next call. */
    private Key key(RespCommand c, int i) {
        return probe.load(c, i);
    }

    /** The key's entry, or null if it is absent or expired (an expired one is removed). */
    private Entry live(Key key) {
        Entry e = map.get(key);
        if (e != null && e.expiresAtMillis > 0 && clock.getAsLong() >= e.expiresAtMillis) {
            map.remove(key);
            return null;
        }
        return e;
    }

    /** Sets the key's value (encoded as GET's reply) and expiry; a new key is copied from the lookup key. */
    private void put(Key key, byte[] reply, long expiresAtMillis) {
        Entry e = map.get(key);
        if (e == null) {
            map.put(key.copy(), new Entry(reply, expiresAtMillis));
        } else {
            e.reply = reply;
            e.expiresAtMillis = expiresAtMillis;
        }
    }

    /** The reply to {@code cmd} with a wrong number of arguments. */
    static byte[] arity(KvCommand cmd) {
        return Resp.error("ERR wrong number of arguments for '" + cmd.lowerCaseName + "' command");
    }

    /** The reply to a command this example does not know: its name lower-cased, as Redis shows it. */
    static byte[] unknown(RespCommand c) {
        return Resp.error("ERR unknown command '" + c.string(0).toLowerCase(Locale.ROOT) + "'");
    }
}
