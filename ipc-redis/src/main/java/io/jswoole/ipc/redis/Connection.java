package io.jswoole.ipc.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One connection to Redis, for one thread: made when first needed, and made again after a failure
 * no sooner than its back-off allows (50 ms, doubling up to 2 s), so that a Redis that is down
 * costs a failed attempt now and then rather than a busy loop.
 */
final class Connection implements AutoCloseable {
    static final long FIRST_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 2_000;
    /** Longer than any blocking command we send (which wait at most a second). */
    private static final int SOCKET_TIMEOUT_MILLIS = 5_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final RedisSettings settings;
    private final Health health;
    private Jedis jedis;
    private long backoffMillis;
    private long nextAttempt;

    Connection(RedisSettings settings, Health health) {
        this.settings = settings;
        this.health = health;
    }

    static JedisClientConfig config(RedisSettings s) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .socketTimeoutMillis(SOCKET_TIMEOUT_MILLIS)
                .ssl(s.tls())
                .clientName("jswoole-" + ProcessHandle.current().pid());
        if (!s.password().isEmpty()) {
            b.password(s.password());
        }
        return b.build();
    }

    /** Opens a connection now and checks it answers; throws what went wrong. */
    static Jedis open(RedisSettings s) {
        Jedis j = new Jedis(new HostAndPort(s.host(), s.port()), config(s));
        try {
            j.ping();
            return j;
        } catch (RuntimeException e) {
            j.close();
            throw e;
        }
    }

    /**
     * Runs {@code command} on the connection, connecting first if needed.
     *
     * @throws IOException if Redis cannot be reached now (the connection is dropped and tried again
     *                     after the back-off) or answered with an error
     */
    <T> T run(Function<Jedis, T> command) throws IOException {
        if (jedis == null) {
            long wait = nextAttempt - System.nanoTime();
            if (wait > 0) {
                throw new IOException(health.trouble() != null ? health.trouble() : "reconnecting to Redis");
            }
            try {
                jedis = open(settings);
            } catch (JedisException e) {
                throw failed(e);
            }
        }
        try {
            T result = command.apply(jedis);
            backoffMillis = 0;
            health.up();
            return result;
        } catch (JedisConnectionException e) {
            throw failed(e);
        } catch (JedisException e) {
            throw new IOException("Redis: " + e.getMessage(), e); // an error reply; the connection is fine
        }
    }

    /** Drops the connection, sets the back-off, and says what went wrong. */
    private IOException failed(JedisException e) {
        close();
        backoffMillis = backoffMillis == 0 ? FIRST_BACKOFF_MILLIS : Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        nextAttempt = System.nanoTime() + backoffMillis * 1_000_000;
        health.down(why(e));
        return new IOException(health.trouble() != null ? health.trouble() : why(e), e);
    }

    /** What went wrong, in one line: the distinct messages of the exception and its causes. */
    static String why(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m.strip().replace('\n', ' '));
            }
        }
        return parts.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", parts);
    }

    /** Milliseconds until the next attempt to connect may be made (0: now). */
    long backoffLeftMillis() {
        return jedis != null ? 0 : Math.max(0, (nextAttempt - System.nanoTime()) / 1_000_000);
    }

    @Override
    public void close() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException e) {
                // already broken
            }
            jedis = null;
        }
    }
}
