package io.jswoole.core.loop;

import io.jswoole.event.TimerHandler;
import io.jswoole.log.Log;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The timers of one event loop. Ids are handed out on any thread; the queue itself is touched
 * only on the loop's thread. A cleared timer stays in the queue until its deadline and is skipped.
 */
final class TimerQueue {
    private static final AtomicLong IDS = new AtomicLong();

    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private final ConcurrentHashMap<Long, Timer> active = new ConcurrentHashMap<>();

    private static final class Timer implements Comparable<Timer> {
        final long id;
        final long periodNanos;
        final TimerHandler handler;
        long deadline;

        Timer(long id, long deadline, long periodNanos, TimerHandler handler) {
            this.id = id;
            this.deadline = deadline;
            this.periodNanos = periodNanos;
            this.handler = handler;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline - o.deadline, 0);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    /** Creates a timer (any thread); {@link #add(long)} must then run on the loop. */
    long create(long delayMillis, long periodMillis, TimerHandler handler) {
        if (delayMillis < 0 || periodMillis < 0) {
            throw new IllegalArgumentException("timer intervals must be >= 0 ms");
        }
        long id = IDS.incrementAndGet();
        Timer t = new Timer(id, System.nanoTime() + delayMillis * 1_000_000L, periodMillis * 1_000_000L, handler);
        active.put(id, t);
        return id;
    }

    /** Queues a created timer; loop thread only. */
    void add(long id) {
        Timer t = active.get(id);
        if (t != null) {
            queue.add(t);
        }
    }

    /** Clears a timer (any thread); false if it does not exist or already fired for the last time. */
    boolean clear(long id) {
        return active.remove(id) != null;
    }

    boolean exists(long id) {
        return active.containsKey(id);
    }

    /** Milliseconds until the next deadline, -1 if there is none; loop thread only. */
    long millisUntilNext(long now) {
        Timer t;
        while ((t = queue.peek()) != null && !active.containsKey(t.id)) {
            queue.poll();
        }
        if (t == null) {
            return -1;
        }
        long nanos = t.deadline - now;
        return nanos <= 0 ? 0 : Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    /** The deadline at the head of the queue (perhaps of a cleared timer), or Long.MAX_VALUE; loop thread only. */
    long headDeadline() {
        Timer t = queue.peek();
        return t == null ? Long.MAX_VALUE : t.deadline;
    }

    /** Runs every timer whose deadline has passed; loop thread only. */
    void runDue(long now) {
        Timer t;
        while ((t = queue.peek()) != null && t.deadline - now <= 0) {
            queue.poll();
            if (!active.containsKey(t.id)) {
                continue;
            }
            if (t.periodNanos > 0) {
                t.deadline = Math.max(t.deadline + t.periodNanos, now + 1);
                queue.add(t);
            } else {
                active.remove(t.id);
            }
            try {
                t.handler.handle(t.id);
            } catch (Throwable e) {
                Log.error("timer " + t.id + " failed: " + e, e);
            }
        }
    }

    /** Drops every timer. */
    void clearAll() {
        queue.clear();
        active.clear();
    }
}
