/**
 * The {@code redis} Pipe provider ({@code task_ipc_mode=redis}): tasks on a Redis Stream with a
 * consumer group, shared by the task workers of every server with the same key prefix, and
 * results back to the sending worker on a list of its own. See
 * {@link io.jswoole.ipc.redis.RedisPipeProvider}.
 */
module io.jswoole.ipc.redis {
    requires io.jswoole.api;
    requires redis.clients.jedis;

    provides io.jswoole.spi.pipe.PipeProvider with io.jswoole.ipc.redis.RedisPipeProvider;
}
