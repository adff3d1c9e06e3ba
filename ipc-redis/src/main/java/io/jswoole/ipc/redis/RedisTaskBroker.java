package io.jswoole.ipc.redis;

import static io.jswoole.ipc.redis.TaskSender.bytes;

import io.jswoole.log.Log;
import io.jswoole.spi.pipe.TaskBroker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamConsumerInfo;
import redis.clients.jedis.resps.StreamEntryBinary;
import redis.clients.jedis.util.KeyValue;

/**
 * One process's use of the Redis task queue.
 *
 * <ul>
 *   <li>A worker adds its tasks to the stream {@code <prefix>:tasks} ({@link TaskSender}), each with
 *       the name of its own results list {@code <prefix>:results:<random id>}, and takes its results
 *       from that list ({@link #results}, BLPOP).</li>
 *   <li>A task worker reads the stream in the consumer group {@code task_workers} as a consumer of
 *       its own (XREADGROUP), so each task goes to one task worker of all the servers sharing the
 *       prefix. It answers by pushing the result onto the sender's list and acknowledging and
 *       deleting the task, in one transaction. Every half claim timeout it also takes over, with XAUTOCLAIM, a task
 *       another task worker took and has not answered or {@linkplain #stillRunning touched} for the
 *       claim timeout: that one has died. A task handed out more than {@code task_redis_max_deliveries}
 *       times that way is given up: logged, acknowledged and deleted.</li>
 * </ul>
 *
 * <p>Each role has its own connection, made when first used: the sender's thread, the thread
 * that takes results, and the task worker's thread (take, still running, answer).
 */
final class RedisTaskBroker implements TaskBroker {
    /** A results list nobody reads any more (its worker died) is removed after this. */
    private static final long RESULTS_TTL_MILLIS = 3_600_000;
    /** The largest task: Redis takes up to 512 MiB in one value, but tasks that size belong elsewhere. */
    static final int MAX_TASK_BYTES = 64 << 20;
    /** Consumers idle this many claim timeouts, with nothing pending, are removed from the group. */
    static final int STALE_CLAIM_TIMEOUTS = 10;
    /** Results taken in one call, beyond the first. */
    private static final int RESULTS_BATCH = 128;

    private final RedisSettings settings;
    private final Health health;
    private final String processId = UUID.randomUUID().toString();
    private final byte[] stream;
    private final byte[] group;
    private final byte[] consumer;
    private final byte[] resultsKey;
    private final long claimEveryNanos;
    private volatile TaskSender sender;
    private Connection resultsConnection;
    private Connection workerConnection;
    private boolean groupReady;
    private long nextClaim;
    private long nextCleanup;

    /** A task taken from the stream. */
    private record RedisDelivery(byte[] id, byte[] task, byte[] replyKey) implements Delivery {
    }

    RedisTaskBroker(RedisSettings settings) {
        this.settings = settings;
        this.health = new Health(settings.address());
        this.stream = bytes(settings.tasksKey());
        this.group = bytes(settings.group());
        this.consumer = bytes(ProcessHandle.current().pid() + "-" + processId);
        this.resultsKey = bytes(settings.resultsKey(processId));
        this.claimEveryNanos = Math.min(5_000, settings.claimTimeoutMillis() / 2) * 1_000_000;
    }

    // ---------------------------------------------------------------- a worker's side

    @Override
    public boolean send(ByteBuffer task) {
        if (task.remaining() > MAX_TASK_BYTES) {
            throw new IllegalArgumentException("a task of " + task.remaining() + " bytes is over the redis task IPC's limit of "
                    + MAX_TASK_BYTES + " bytes (64 MiB): pass a reference to the data instead");
        }
        byte[] b = new byte[task.remaining()];
        task.duplicate().get(b);
        synchronized (this) {
            if (sender == null) {
                sender = new TaskSender(settings, health, settings.resultsKey(processId));
            }
        }
        return sender.offer(b);
    }

    @Override
    public String trouble() {
        String t = health.trouble();
        TaskSender s = sender;
        return t != null ? t : s != null ? s.refusal() : null;
    }

    @Override
    public List<byte[]> results(long waitMillis) throws IOException {
        Connection c;
        synchronized (this) {
            if (resultsConnection == null) {
                resultsConnection = new Connection(settings, health);
            }
            c = resultsConnection;
        }
        if (!pauseForBackoff(c, waitMillis)) {
            return List.of();
        }
        try {
            return c.run(j -> {
                KeyValue<byte[], byte[]> first = j.blpop(Math.max(0.01, waitMillis / 1000.0), resultsKey);
                if (first == null) {
                    return List.<byte[]>of();
                }
                List<byte[]> all = new ArrayList<>();
                all.add(first.getValue());
                List<byte[]> more = j.lpop(resultsKey, RESULTS_BATCH);
                if (more != null) {
                    all.addAll(more);
                }
                return all;
            });
        } catch (IOException e) {
            return List.of(); // Health says so; the connection is made again after its back-off
        }
    }

    // ---------------------------------------------------------------- a task worker's side

    @Override
    public Delivery take(long waitMillis) throws IOException {
        Connection c = workerConnection();
        if (!pauseForBackoff(c, waitMillis)) {
            return null;
        }
        try {
            if (!groupReady) {
                createGroup(c);
            }
            if (System.nanoTime() - nextClaim >= 0) {
                nextClaim = System.nanoTime() + claimEveryNanos;
                Delivery claimed = claim(c);
                if (claimed != null) {
                    return claimed;
                }
            }
            if (System.nanoTime() - nextCleanup >= 0) {
                nextCleanup = System.nanoTime() + settings.claimTimeoutMillis() * 1_000_000;
                removeStaleConsumers(c);
            }
            return readNew(c, waitMillis);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
                groupReady = false; // Redis lost the group (restarted without saving): made again next time
            }
            return null;
        }
    }

    /** The group reads the stream from its start, so that tasks added before it existed are run too. */
    private void createGroup(Connection c) throws IOException {
        c.run(j -> {
            try {
                j.xgroupCreate(stream, group, bytes("0"), true);
            } catch (JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                    throw e;
                }
            }
            return null;
        });
        groupReady = true;
    }

    private Delivery readNew(Connection c, long waitMillis) throws IOException {
        List<Map.Entry<byte[], List<StreamEntryBinary>>> got = c.run(j -> j.xreadGroupBinary(group, consumer,
                XReadGroupParams.xReadGroupParams().count(1).block((int) Math.max(1, Math.min(waitMillis, 1_000))),
                Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)));
        if (got == null || got.isEmpty() || got.get(0).getValue().isEmpty()) {
            return null;
        }
        StreamEntryBinary e = got.get(0).getValue().get(0);
        return delivery(c, bytes(e.getID().toString()), e.getFields());
    }

    /** Takes over one task another task worker has held for the claim timeout without a word. */
    private Delivery claim(Connection c) throws IOException {
        List<Object> reply = c.run(j -> j.xautoclaim(stream, group, consumer, settings.claimTimeoutMillis(),
                bytes("0-0"), XAutoClaimParams.xAutoClaimParams().count(1)));
        if (reply == null || reply.size() < 2 || !(reply.get(1) instanceof List<?> entries) || entries.isEmpty()) {
            return null;
        }
        List<?> entry = (List<?>) entries.get(0);
        byte[] id = (byte[]) entry.get(0);
        Map<byte[], byte[]> fields = new HashMap<>();
        if (entry.size() > 1 && entry.get(1) instanceof List<?> flat) {
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put((byte[]) flat.get(i), (byte[]) flat.get(i + 1));
            }
        }
        String name = new String(id, StandardCharsets.US_ASCII);
        long deliveries = deliveries(c, id);
        if (deliveries > settings.maxDeliveries()) {
            Log.error("task " + name + " given up: handed to a task worker " + (deliveries - 1) + " times, and each"
                    + " died or stopped answering while running it (task_redis_max_deliveries "
                    + settings.maxDeliveries() + "); removed without a result");
            c.run(j -> j.xack(stream, group, id) + j.xdel(stream, id));
            return null;
        }
        Log.info("claimed task " + name + ", left unanswered by another task worker for "
                + settings.claimTimeoutMillis() + " ms (delivery " + deliveries + " of at most "
                + settings.maxDeliveries() + ")");
        return delivery(c, id, fields);
    }

    /**
     * Removes from the group the consumers with nothing pending that have not read for
     * {@value #STALE_CLAIM_TIMEOUTS} claim timeouts: task workers that are gone (a task worker that
     * runs reads at least every second, and a read would make it again anyway), so that the group
     * does not grow with every task worker ever started.
     */
    private void removeStaleConsumers(Connection c) throws IOException {
        long staleMillis = STALE_CLAIM_TIMEOUTS * settings.claimTimeoutMillis();
        String self = new String(consumer, StandardCharsets.US_ASCII);
        int removed = c.run(j -> {
            int n = 0;
            for (StreamConsumerInfo info : j.xinfoConsumers2(settings.tasksKey(), settings.group())) {
                if (!info.getName().equals(self) && info.getPending() == 0 && info.getIdle() > staleMillis) {
                    j.xgroupDelConsumer(settings.tasksKey(), settings.group(), info.getName());
                    n++;
                }
            }
            return n;
        });
        if (removed > 0) {
            Log.info("removed " + removed + " consumer" + (removed == 1 ? "" : "s") + " of task workers that are gone"
                    + " from the group of " + settings.tasksKey());
        }
    }

    /** How many times the pending task {@code id} has been handed out, this claim included (XPENDING). */
    private long deliveries(Connection c, byte[] id) throws IOException {
        List<Object> pending = c.run(j -> j.xpending(stream, group, XPendingParams.xPendingParams(id, id, 1)));
        if (pending != null && !pending.isEmpty() && pending.get(0) instanceof List<?> entry && entry.size() >= 4
                && entry.get(3) instanceof Long n) {
            return n;
        }
        return 1; // no longer pending: its taker answered meanwhile
    }

    /** A delivery, or null for an entry that is not a task (it is acknowledged and dropped). */
    private Delivery delivery(Connection c, byte[] id, Map<byte[], byte[]> fields) throws IOException {
        byte[] task = field(fields, TaskSender.TASK);
        byte[] reply = field(fields, TaskSender.REPLY);
        if (task == null || reply == null) {
            Log.warn("stream entry " + new String(id, StandardCharsets.US_ASCII)
                    + " in " + settings.tasksKey() + " is not a task; dropped");
            c.run(j -> j.xack(stream, group, id) + j.xdel(stream, id));
            return null;
        }
        return new RedisDelivery(id, task, reply);
    }

    private static byte[] field(Map<byte[], byte[]> fields, byte[] name) {
        for (Map.Entry<byte[], byte[]> f : fields.entrySet()) {
            if (Arrays.equals(f.getKey(), name)) {
                return f.getValue();
            }
        }
        return null;
    }

    @Override
    public void stillRunning(Delivery delivery) throws IOException {
        byte[] id = ((RedisDelivery) delivery).id();
        workerConnection().run(j -> j.xclaimJustId(stream, group, consumer, 0, XClaimParams.xClaimParams(), id));
    }

    /**
     * Pushes the result and acknowledges and deletes the task in one transaction (MULTI/EXEC, one
     * round trip): a result Redis refuses (out of memory under {@code noeviction}, say) leaves the
     * task pending, to be answered again or claimed, instead of acknowledged without its result.
     */
    @Override
    public void answer(Delivery delivery, ByteBuffer result) throws IOException {
        RedisDelivery d = (RedisDelivery) delivery;
        byte[] b = new byte[result.remaining()];
        result.duplicate().get(b);
        String refused = workerConnection().run(j -> {
            Transaction t = j.multi();
            t.rpush(d.replyKey(), b);
            t.pexpire(d.replyKey(), RESULTS_TTL_MILLIS);
            t.xack(stream, group, d.id());
            t.xdel(stream, d.id());
            try {
                for (Object reply : t.exec()) {
                    if (reply instanceof JedisDataException e) {
                        return e.getMessage(); // failed as it ran (a key of another type): the rest ran
                    }
                }
                return null;
            } catch (JedisDataException e) {
                return reason(e); // refused as it was queued: nothing ran
            }
        });
        if (refused != null) {
            throw new IOException("Redis refused a result: " + refused);
        }
    }

    /** Redis's reason for discarding a transaction: the first command's error, not EXECABORT's. */
    private static String reason(JedisDataException e) {
        for (Throwable queued : e.getSuppressed()) {
            if (queued.getMessage() != null) {
                return queued.getMessage() + " (nothing was done: the task stays pending)";
            }
        }
        return e.getMessage();
    }

    @Override
    public void check() {
        RedisPipeProvider.check(settings);
    }

    @Override
    public long claimTimeoutMillis() {
        return settings.claimTimeoutMillis();
    }

    private synchronized Connection workerConnection() {
        if (workerConnection == null) {
            workerConnection = new Connection(settings, health);
        }
        return workerConnection;
    }

    /** Waits out a connection's back-off (up to {@code waitMillis}); true if it may be tried now. */
    private static boolean pauseForBackoff(Connection c, long waitMillis) {
        long left = c.backoffLeftMillis();
        if (left == 0) {
            return true;
        }
        try {
            Thread.sleep(Math.min(left, Math.max(1, waitMillis)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public void close() {
        TaskSender s;
        synchronized (this) {
            s = sender;
        }
        if (s != null) {
            s.close();
        }
        Connection c;
        synchronized (this) {
            c = resultsConnection;
        }
        if (c != null) {
            try {
                c.run(j -> j.del(resultsKey));
            } catch (IOException e) {
                // it expires
            }
            c.close();
        }
        if (workerConnection != null) {
            leaveGroup(workerConnection);
            workerConnection.close();
        }
    }

    /** A task worker that stops takes its consumer out of the group, unless tasks are pending for it (to be claimed). */
    private void leaveGroup(Connection c) {
        String self = new String(consumer, StandardCharsets.US_ASCII);
        try {
            c.run(j -> {
                for (StreamConsumerInfo info : j.xinfoConsumers2(settings.tasksKey(), settings.group())) {
                    if (info.getName().equals(self) && info.getPending() == 0) {
                        j.xgroupDelConsumer(settings.tasksKey(), settings.group(), self);
                    }
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            Log.debug("leaving the consumer group: " + e.getMessage()); // removed later as stale
        }
    }
}
