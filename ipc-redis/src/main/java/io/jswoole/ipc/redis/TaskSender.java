package io.jswoole.ipc.redis;

import io.jswoole.log.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAddParams;

/**
 * A worker's tasks on their way to the stream: {@link #offer} queues a task without blocking (the
 * event loop calls it), and a thread of its own adds what is queued to the stream, many tasks per
 * round trip. A task taken is added even if Redis goes away meanwhile: the thread tries again
 * until Redis answers (a task whose add was cut off may then be added twice; its second result is
 * dropped by the worker). A task Redis refuses with an error (out of memory, a key of another
 * type) is tried again too, and while it is, new tasks are refused with that error.
 */
final class TaskSender implements AutoCloseable {
    /** Tasks queued and not yet added; past this, {@link #offer} refuses. */
    static final int MAX_QUEUED = 10_000;
    private static final int BATCH = 256;
    static final byte[] TASK = {'t'};
    static final byte[] REPLY = {'r'};

    private final RedisSettings settings;
    private final Health health;
    private final byte[] stream;
    private final byte[] replyKey;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread thread;
    private volatile boolean closing;
    /** Redis's error for a task it refused, until it takes it: new tasks are refused meanwhile. */
    private volatile String refusal;

    TaskSender(RedisSettings settings, Health health, String replyKey) {
        this.settings = settings;
        this.health = health;
        this.stream = bytes(settings.tasksKey());
        this.replyKey = bytes(replyKey);
        this.thread = new Thread(this::run, "jswoole-redis-sender");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a task; false if Redis is known to be unreachable or refuses tasks, or too many wait. */
    boolean offer(byte[] task) {
        return health.trouble() == null && refusal == null && !closing && queue.offer(task);
    }

    /** Why tasks are refused, if Redis refuses them with an error; else null. */
    String refusal() {
        return refusal;
    }

    private void run() {
        List<byte[]> batch = new ArrayList<>(BATCH);
        try (Connection c = new Connection(settings, health)) {
            while (!(closing && queue.isEmpty() && batch.isEmpty())) {
                if (batch.isEmpty()) {
                    byte[] first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                try {
                    List<Response<byte[]>> added = c.run(j -> {
                        Pipeline p = j.pipelined();
                        List<Response<byte[]>> responses = new ArrayList<>(batch.size());
                        for (byte[] task : batch) {
                            Map<byte[], byte[]> fields = new LinkedHashMap<>();
                            fields.put(TASK, task);
                            fields.put(REPLY, replyKey);
                            responses.add(p.xadd(stream, XAddParams.xAddParams(), fields));
                        }
                        p.sync();
                        return responses;
                    });
                    keepRefused(batch, added);
                    if (!batch.isEmpty()) {
                        Thread.sleep(Connection.MAX_BACKOFF_MILLIS / 4);
                    }
                } catch (IOException e) {
                    if (closing) {
                        Log.warn(batch.size() + queue.size() + " tasks not sent at exit: " + e.getMessage());
                        return;
                    }
                    Thread.sleep(Math.max(1, c.backoffLeftMillis())); // the batch is sent again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Leaves in {@code batch} only the tasks Redis answered with an error, and says why. */
    private void keepRefused(List<byte[]> batch, List<Response<byte[]>> added) {
        List<byte[]> refused = new ArrayList<>();
        String error = null;
        for (int i = 0; i < batch.size(); i++) {
            try {
                added.get(i).get();
            } catch (JedisDataException e) {
                refused.add(batch.get(i));
                error = e.getMessage();
            }
        }
        batch.clear();
        batch.addAll(refused);
        if (error != null && refusal == null) {
            Log.warn("Redis refuses tasks: " + error + "; they are tried again, and new tasks refused meanwhile");
        } else if (error == null && refusal != null) {
            Log.info("Redis takes tasks again");
        }
        refusal = error == null ? null : "Redis refuses tasks: " + error;
    }

    /** Sends what is queued (for up to a second), then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
