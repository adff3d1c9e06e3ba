package io.jswoole.bench.tasks;

import io.jswoole.Server;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * The server {@link TasksCommand} measures, run as its own JVM tree:
 * {@code TaskRoundTripApp IPC SIZE WINDOW WARMUP_SECONDS SECONDS [KEY=VALUE]...}. One worker and two task
 * workers whose onTask returns the task's bytes. Once started, worker 0 runs tasks of SIZE bytes
 * for WARMUP + SECONDS seconds and prints one {@code RESULT} line, then shuts the server down.
 * WINDOW 1 is a closed loop of {@code taskwait}; a larger window keeps that many {@code task()}
 * calls in flight, each onFinish sending the next.
 */
public final class TaskRoundTripApp {
    private final byte[] payload;
    private final int window;
    private final long warmupNanos;
    private final long measureNanos;
    private final Histogram latency = new Histogram(60_000_000_000L, 3);
    private final Map<Integer, Long> sentAt = new HashMap<>();
    private long start;
    private long measureFrom;
    private long measureUntil;
    private long done;
    private boolean ended;

    private TaskRoundTripApp(int size, int window, int warmupSeconds, int seconds) {
        this.payload = new byte[size];
        ThreadLocalRandom.current().nextBytes(payload);
        this.window = window;
        this.warmupNanos = warmupSeconds * 1_000_000_000L;
        this.measureNanos = seconds * 1_000_000_000L;
    }

    public static void main(String[] args) {
        String ipc = args[0];
        TaskRoundTripApp app = new TaskRoundTripApp(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        Server server = new Server("127.0.0.1", 0);
        server.set(Map.of("worker_num", 1, "task_worker_num", 2, "task_ipc_mode", ipc, "log_level", "warning"));
        for (int i = 5; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            String key = args[i].substring(0, eq);
            if (key.startsWith("task_redis_") && !ipc.equals("redis")) {
                continue; // the redis provider's settings: refused by the other modes
            }
            server.set(Map.of(key, args[i].substring(eq + 1)));
        }
        server.onReceive((s, fd, reactorId, data) -> { });
        server.onTask((s, taskId, src, data) -> data);
        server.onFinish(app::finished);
        server.onWorkerStart((s, id) -> {
            if (id == 0) {
                s.after(1_000, t -> app.run(s, ipc));
            }
        });
        server.start();
    }

    private void run(Server s, String ipc) {
        start = System.nanoTime();
        measureFrom = start + warmupNanos;
        measureUntil = measureFrom + measureNanos;
        if (window == 1) {
            long now = start;
            while (now - measureUntil < 0) {
                byte[] r = s.taskwait(payload, 10_000);
                long end = System.nanoTime();
                if (r == null || r.length != payload.length) {
                    System.out.println("RESULT error: a taskwait returned " + (r == null ? "null" : r.length + " bytes"));
                    s.shutdown();
                    return;
                }
                record(now, end);
                now = end;
            }
            report(s, ipc);
        } else {
            for (int i = 0; i < window; i++) {
                send(s);
            }
        }
    }

    private void send(Server s) {
        long now = System.nanoTime();
        int id = s.task(payload);
        if (id < 0) {
            s.after(1, t -> send(s)); // the IPC is full: try again on the next turn
            return;
        }
        sentAt.put(id, now);
    }

    private void finished(Server s, int taskId, byte[] result) {
        Long sent = sentAt.remove(taskId);
        long now = System.nanoTime();
        if (sent != null) {
            record(sent, now);
        }
        if (now - measureUntil < 0) {
            send(s);
        } else if (sentAt.isEmpty() && !ended) {
            ended = true;
            report(s, s.settings().get(io.jswoole.settings.Keys.TASK_IPC_MODE));
        }
    }

    private void record(long sent, long end) {
        if (sent - measureFrom >= 0 && end - measureUntil < 0) {
            latency.recordValue(Math.max(1, (end - sent) / 1_000));
            done++;
        }
    }

    private void report(Server s, String ipc) {
        double seconds = measureNanos / 1e9;
        System.out.println(String.format(Locale.ROOT,
                "RESULT ipc=%s size=%d window=%d tasks=%d rate=%.0f p50=%d p99=%d p999=%d max=%d",
                ipc, payload.length, window, done, done / seconds, latency.getValueAtPercentile(50),
                latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9), latency.getMaxValue()));
        s.shutdown();
    }
}
