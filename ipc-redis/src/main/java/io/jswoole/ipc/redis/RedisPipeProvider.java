package io.jswoole.ipc.redis;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.Availability;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.pipe.TaskBroker;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.nio.file.Path;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@code redis} Pipe provider ({@code task_ipc_mode=redis}): a {@linkplain TaskBroker task
 * broker} on a Redis Stream, so that the task workers of every server with the same
 * {@code task_redis_key_prefix} share one queue, on one host or many. See {@link RedisTaskBroker}
 * for the keys and commands.
 *
 * <p>Settings: {@code task_redis_address} (host:port), {@code task_redis_password},
 * {@code task_redis_tls}, {@code task_redis_key_prefix} and {@code task_redis_claim_timeout}.
 * The master checks them and reaches Redis once at start, so a bad address or password stops the
 * start with the key named. Later, a lost connection is made again with back-off, and
 * {@code task()} returns -1 meanwhile.
 *
 * <p>It has no point-to-point channels: the links between a server's own processes stay
 * {@code unixsock}. Priority 1: never chosen unless named.
 */
public final class RedisPipeProvider implements PipeProvider {
    /** The name {@code task_ipc_mode} selects this provider by. */
    public static final String NAME = "redis";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Availability availability() {
        return Availability.available();
    }

    @Override
    public boolean hasBroker() {
        return true;
    }

    @Override
    public TaskBroker openBroker(Settings settings) {
        return new RedisTaskBroker(RedisSettings.of(settings));
    }

    /** Reaches Redis now, so that a wrong address or password stops the start with the key named. */
    static void check(RedisSettings s) {
        String why;
        try (Jedis j = Connection.open(s)) {
            j.ping();
        } catch (JedisException e) {
            why = Connection.why(e);
            boolean auth = why.contains("WRONGPASS") || why.contains("NOAUTH") || why.contains("AUTH");
            String key = auth ? Keys.TASK_REDIS_PASSWORD.key() : Keys.TASK_REDIS_ADDRESS.key();
            String hint = !auth && s.tls() ? " (task_redis_tls=true: does this Redis speak TLS?)" : "";
            throw new SettingsException(key, key + ": cannot use Redis at " + s.address() + ": " + why + hint);
        }
    }

    @Override
    public PipeListener listen(Path runDir, String name, Transport transport) throws IOException {
        throw new UnsupportedOperationException("the redis pipe provider carries tasks on its broker; it has no channels");
    }

    @Override
    public PipeChannel connect(String address, Transport transport) throws IOException {
        throw new UnsupportedOperationException("the redis pipe provider carries tasks on its broker; it has no channels");
    }
}
