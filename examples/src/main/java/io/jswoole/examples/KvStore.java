package io.jswoole.examples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The keys of one shard of the {@code kv} example and the string and counter commands on them,
 * with Redis's replies: SET (EX, PX, NX, XX), GET, DEL, EXISTS, INCR, INCRBY, DECR, DECRBY,
 * EXPIRE, TTL, MSET, MGET. Expired keys are dropped when touched. Not thread-safe: one worker's
 * event loop uses it.
 */
public final class KvStore {
    private record Entry(byte[] value, long expiresAtMillis) {
        boolean expired(long now) {
            return expiresAtMillis > 0 && now >= expiresAtMillis;
        }
    }

    private static final byte[] NOT_INTEGER = Resp.error("ERR value is not an integer or out of range");
    private static final byte[] SYNTAX = Resp.error("ERR syntax error");

    private final Map<String, Entry> map = new HashMap<>();
    private final LongSupplier clock;

    /** A store on the system clock. */
    public KvStore() {
        this(System::currentTimeMillis);
    }

    /** A store on {@code clock} (milliseconds), for tests. */
    public KvStore(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * The keys {@code args} (a command and its arguments) touches, or an empty list for a command
     * without keys; null for a command this store does not run.
     */
    public static List<String> keysOf(List<byte[]> args) {
        String cmd = name(args);
        List<String> keys = new ArrayList<>();
        switch (cmd) {
            case "get", "set", "incr", "incrby", "decr", "decrby", "expire", "ttl" -> {
                if (args.size() > 1) {
                    keys.add(key(args.get(1)));
                }
            }
            case "del", "exists", "mget" -> args.subList(1, args.size()).forEach(a -> keys.add(key(a)));
            case "mset" -> {
                for (int i = 1; i < args.size(); i += 2) {
                    keys.add(key(args.get(i)));
                }
            }
            default -> {
                return null;
            }
        }
        return keys;
    }

    /** The commands whose first key is their first argument: all of {@link #keysOf}'s. */
    private static final byte[][] FIRST_KEY_AT_ONE = {bytes("get"), bytes("set"), bytes("incr"), bytes("incrby"),
        bytes("decr"), bytes("decrby"), bytes("expire"), bytes("ttl"), bytes("del"), bytes("exists"), bytes("mget"),
        bytes("mset")};

    /**
     * Whether the command named by the {@code length} bytes at {@code at} of {@code packet} (any
     * case) has a key as its first argument; reads in place.
     */
    public static boolean hasFirstKey(ByteBuffer packet, int at, int length) {
        for (byte[] name : FIRST_KEY_AT_ONE) {
            if (name.length == length && equalsIgnoringCase(name, packet, at)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsIgnoringCase(byte[] lower, ByteBuffer packet, int at) {
        for (int i = 0; i < lower.length; i++) {
            if ((packet.get(at + i) | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The command's name, lower-cased. */
    public static String name(List<byte[]> args) {
        return new String(args.get(0), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    static String key(byte[] k) {
        return new String(k, StandardCharsets.ISO_8859_1);
    }

    /** Runs a command whose {@link #keysOf keys} all belong to this store; returns the encoded reply. */
    public byte[] execute(List<byte[]> args) {
        String cmd = name(args);
        int n = args.size();
        return switch (cmd) {
            case "get" -> n != 2 ? arity(cmd) : Resp.bulk(get(key(args.get(1))));
            case "set" -> n < 3 ? arity(cmd) : set(args);
            case "del" -> n < 2 ? arity(cmd) : Resp.integer(args.subList(1, n).stream()
                    .filter(k -> live(key(k)) != null && map.remove(key(k)) != null).count());
            case "exists" -> n < 2 ? arity(cmd) : Resp.integer(args.subList(1, n).stream()
                    .filter(k -> live(key(k)) != null).count());
            case "incr" -> n != 2 ? arity(cmd) : add(key(args.get(1)), 1);
            case "decr" -> n != 2 ? arity(cmd) : add(key(args.get(1)), -1);
            case "incrby", "decrby" -> {
                if (n != 3) {
                    yield arity(cmd);
                }
                Long by = parseLong(args.get(2));
                yield by == null ? NOT_INTEGER : add(key(args.get(1)), cmd.equals("incrby") ? by : -by);
            }
            case "expire" -> {
                if (n != 3) {
                    yield arity(cmd);
                }
                Long seconds = parseLong(args.get(2));
                yield seconds == null ? NOT_INTEGER : Resp.integer(expire(key(args.get(1)), seconds));
            }
            case "ttl" -> n != 2 ? arity(cmd) : Resp.integer(ttl(key(args.get(1))));
            case "mset" -> {
                if (n < 3 || n % 2 == 0) {
                    yield arity(cmd);
                }
                for (int i = 1; i < n; i += 2) {
                    map.put(key(args.get(i)), new Entry(args.get(i + 1), 0));
                }
                yield Resp.OK;
            }
            case "mget" -> {
                if (n < 2) {
                    yield arity(cmd);
                }
                List<byte[]> values = new ArrayList<>();
                args.subList(1, n).forEach(k -> values.add(Resp.bulk(get(key(k)))));
                yield Resp.array(values);
            }
            default -> Resp.error("ERR unknown command '" + cmd + "'");
        };
    }

    private byte[] set(List<byte[]> args) {
        String key = key(args.get(1));
        long expiresAt = 0;
        boolean nx = false;
        boolean xx = false;
        for (int i = 3; i < args.size(); i++) {
            String opt = key(args.get(i)).toUpperCase(Locale.ROOT);
            switch (opt) {
                case "NX" -> nx = true;
                case "XX" -> xx = true;
                case "EX", "PX" -> {
                    if (i + 1 >= args.size() || expiresAt != 0) {
                        return SYNTAX;
                    }
                    Long v = parseLong(args.get(++i));
                    if (v == null) {
                        return NOT_INTEGER;
                    }
                    if (v <= 0) {
                        return Resp.error("ERR invalid expire time in 'set' command");
                    }
                    expiresAt = clock.getAsLong() + (opt.equals("EX") ? v * 1000 : v);
                }
                default -> {
                    return SYNTAX;
                }
            }
        }
        if (nx && xx) {
            return SYNTAX;
        }
        boolean exists = live(key) != null;
        if (nx && exists || xx && !exists) {
            return Resp.NIL;
        }
        map.put(key, new Entry(args.get(2), expiresAt));
        return Resp.OK;
    }

    private byte[] get(String key) {
        Entry e = live(key);
        return e == null ? null : e.value();
    }

    private byte[] add(String key, long by) {
        Entry e = live(key);
        long v = 0;
        if (e != null) {
            Long current = parseLong(e.value());
            if (current == null) {
                return NOT_INTEGER;
            }
            v = current;
        }
        long sum = v + by;
        if (((v ^ sum) & (by ^ sum)) < 0) {
            return Resp.error("ERR increment or decrement would overflow");
        }
        map.put(key, new Entry(Long.toString(sum).getBytes(StandardCharsets.US_ASCII), e == null ? 0 : e.expiresAtMillis()));
        return Resp.integer(sum);
    }

    private int expire(String key, long seconds) {
        Entry e = live(key);
        if (e == null) {
            return 0;
        }
        if (seconds <= 0) {
            map.remove(key);
        } else {
            map.put(key, new Entry(e.value(), clock.getAsLong() + seconds * 1000));
        }
        return 1;
    }

    private long ttl(String key) {
        Entry e = live(key);
        if (e == null) {
            return -2;
        }
        if (e.expiresAtMillis() == 0) {
            return -1;
        }
        return (e.expiresAtMillis() - clock.getAsLong() + 500) / 1000;
    }

    /** The key's entry, or null if it is absent or expired (an expired one is removed). */
    private Entry live(String key) {
        Entry e = map.get(key);
        if (e != null && e.expired(clock.getAsLong())) {
            map.remove(key);
            return null;
        }
        return e;
    }

    private static byte[] arity(String cmd) {
        return Resp.error("ERR wrong number of arguments for '" + cmd + "' command");
    }

    /** A decimal integer in {@code b}, or null. */
    static Long parseLong(byte[] b) {
        try {
            return Long.parseLong(new String(b, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
