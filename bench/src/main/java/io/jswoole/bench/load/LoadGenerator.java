package io.jswoole.bench.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * A TCP echo load generator: non-blocking connections spread over a few threads, each with its
 * own selector, in a closed loop (depth 1) or pipelined (depth D). One run warms up, then
 * measures for a fixed duration.
 *
 * <pre>{@code
 * LoadResult r = new LoadGenerator(LoadConfig.of(port, 100, 64, 1, 2, 10)).run(WindowListener.NONE);
 * System.out.println(r.resultLine());
 * }</pre>
 */
public final class LoadGenerator {
    private final LoadConfig config;
    private final List<LoadWorker> workers = new CopyOnWriteArrayList<>();
    private volatile boolean stopRequested;

    public LoadGenerator(LoadConfig config) {
        this.config = config;
    }

    /** Runs the load on this and {@code threads} new threads and returns when all of them are done. */
    public LoadResult run(WindowListener listener) throws InterruptedException {
        long cpu0 = processCpuNanos();
        LoadClock clock = LoadClock.startingNow(config.warmupSeconds(), config.durationSeconds());
        EchoPattern pattern = new EchoPattern();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < config.threads(); t++) {
            int share = config.connections() / config.threads() + (t < config.connections() % config.threads() ? 1 : 0);
            LoadWorker w = new LoadWorker(config, share, clock, pattern);
            workers.add(w);
            Thread thread = new Thread(w, "loadgen-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        if (waitUntil(clock.measure())) {
            listener.windowStarted();
            if (waitUntil(clock.end())) {
                listener.windowEnded();
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        for (LoadWorker w : workers) {
            if (w.failure() != null) {
                throw new IllegalStateException("a load thread failed: " + w.failure(), w.failure());
            }
        }
        double wall = (System.nanoTime() - clock.start()) / 1e9;
        double cpuPercent = 100.0 * (processCpuNanos() - cpu0) / 1e9 / wall;
        return merge(wall, cpuPercent);
    }

    /** Ends the run early; the result covers the window up to now. Any thread. */
    public void stop() {
        stopRequested = true;
        workers.forEach(LoadWorker::requestStop);
    }

    private boolean waitUntil(long deadline) {
        long left;
        while (!stopRequested && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
        return !stopRequested;
    }

    private LoadResult merge(double wall, double cpuPercent) {
        Histogram latency = new Histogram(3);
        long[] errors = new long[ErrorKind.values().length];
        long requests = 0;
        long bytes = 0;
        long connectsOk = 0;
        long stalled = 0;
        double window = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (LoadWorker w : workers) {
            WorkerStats s = w.stats();
            latency.add(s.latency);
            for (int i = 0; i < errors.length; i++) {
                errors[i] += s.errors[i];
            }
            requests += s.requests;
            bytes += s.bytes;
            connectsOk += s.connectsOk;
            stalled += s.stalled;
            if (s.windowStart != 0 && s.windowEnd != 0) {
                window += (s.windowEnd - s.windowStart) / 1e9;
            }
            for (ClientConnection c : w.connections()) {
                min = Math.min(min, c.doneInWindow());
                max = Math.max(max, c.doneInWindow());
            }
        }
        return new LoadResult(config, requests, bytes, window / workers.size(), latency, errors, connectsOk, stalled,
                min == Long.MAX_VALUE ? 0 : min, max, cpuPercent, wall);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
