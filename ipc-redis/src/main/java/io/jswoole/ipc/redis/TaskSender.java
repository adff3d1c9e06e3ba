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
import redis.clients.jedis.params.XAddParams;

/**
 * A worker's tasks on their way to the stream: {@link #offer} queues a task without blocking (the
 * event loop calls it), and a thread of its own adds what is queued to the stream, many tasks per
 * round trip. A task taken is added even if Redis goes away meanwhile: the thread tries again
 * until Redis answers (a task whose add was cut off may then be added twice; its second result is
 * dropped by the worker).
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

    TaskSender(RedisSettings settings, Health health, String replyKey) {
        this.settings = settings;
        this.health = health;
        this.stream = bytes(settings.tasksKey());
        this.replyKey = bytes(replyKey);
        this.thread = new Thread(this::run, "jswoole-redis-sender");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a task; false if Redis is known to be unreachable or too many wait. */
    boolean offer(byte[] task) {
        return health.trouble() == null && !closing && queue.offer(task);
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
                    c.run(j -> {
                        Pipeline p = j.pipelined();
                        for (byte[] task : batch) {
                            Map<byte[], byte[]> fields = new LinkedHashMap<>();
                            fields.put(TASK, task);
                            fields.put(REPLY, replyKey);
                            p.xadd(stream, XAddParams.xAddParams(), fields);
                        }
                        p.sync();
                        return null;
                    });
                    batch.clear();
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
