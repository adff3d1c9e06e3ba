package io.jswoole.core.loop;

import io.jswoole.event.TimerHandler;
import io.jswoole.core.frame.ReadOnlyView;
import io.jswoole.log.Log;
import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Registration;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One event loop, written once over any {@link ReactorProvider}: a thread that polls, runs tasks
 * submitted from other threads, fires timers, and at the end of every turn runs the
 * {@linkplain #atEndOfTurn end-of-turn actions} (where connections flush, so that everything one
 * turn queued for a socket goes out in one write).
 *
 * <pre>
 *   loop:  poll(timeout until next timer) → I/O handlers → tasks → due timers → end-of-turn actions
 * </pre>
 *
 * <p>A turn runs tasks within a budget ({@value #TASKS_PER_TURN} tasks, or
 * {@value #TASK_NANOS_PER_TURN} ns), so that a thread queueing tasks without pause (a {@code send}
 * loop, say) cannot starve I/O and timers; tasks left over make the next poll return at once.
 *
 * <p>Everything except {@link #execute}, {@link #call}, the timer methods and {@link #stop} must be
 * called on the loop's thread.
 */
public final class EventLoop implements Executor {
    /** The most tasks one turn runs; the rest wait for the next turn, after a poll. */
    static final int TASKS_PER_TURN = 1024;
    /** The time one turn may spend in tasks, checked every {@value #TASKS_PER_CLOCK_READ} tasks. */
    static final long TASK_NANOS_PER_TURN = 2_000_000;
    private static final int TASKS_PER_CLOCK_READ = 64;
    /** How long a spinning loop waits between two looks (fewer system calls for the same wait). */
    private static final long SPIN_POLL_GAP_NANOS = 500;

    /** Size of the loop's shared read buffer. */
    public static final int READ_BUFFER_SIZE = 64 * 1024;

    private final ReactorProvider reactor;
    private final Poller poller;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final TimerQueue timers = new TimerQueue();
    private final List<Runnable> endOfTurn = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final OutputBuffers outputBuffers = new OutputBuffers();
    private final ReadOnlyView readViews = new ReadOnlyView();
    private final String name;
    private volatile Thread thread;
    /** The thread running a turn of this loop: its own, or one it lent its turn to; null while it waits. */
    private volatile Thread turnOwner;
    /** Held by whoever runs a turn, once the loop lends ({@link #lendWhileWaiting()}). */
    private final ReentrantLock turn = new ReentrantLock();
    private boolean lends;
    private volatile boolean running = true;
    /** How long an idle loop polls before it sleeps, while its waits are that short; 0: never. */
    private long spinNanos;
    /** How long the loop's last wait for events lasted (spinning or sleeping). */
    private long lastWaitNanos = Long.MAX_VALUE;

    /** Opens a loop on {@code reactor}; it runs once {@link #run()} is called on some thread. */
    public EventLoop(ReactorProvider reactor, String name) throws IOException {
        this.reactor = reactor;
        this.poller = reactor.openPoller();
        this.name = name;
    }

    /** The reactor this loop polls with. */
    public ReactorProvider reactor() {
        return reactor;
    }

    /** The transport whose sockets this loop can poll. */
    public Transport transport() {
        return reactor.transport();
    }

    public String name() {
        return name;
    }

    /** A direct buffer for reads, shared by everything on this loop; valid until the handler returns. */
    public ByteBuffer readBuffer() {
        return readBuffer.clear();
    }

    /**
     * The views of packets in the {@link #readBuffer()} that the loop's framers hand on: one view
     * object, repositioned for every packet (valid only while it is handled); loop thread only.
     */
    public ReadOnlyView readViews() {
        return readViews;
    }

    /** Whether the caller runs this loop's turn: on the loop's thread, or lent it by {@link #runIfWaiting}. */
    public boolean inLoop() {
        return Thread.currentThread() == turnOwner;
    }

    /**
     * Lets {@link #runIfWaiting} run work as a turn of this loop on another thread while the
     * loop's own thread waits in the poller, so that a thread that takes work from a source the
     * poller cannot watch (a System V queue) runs it without waking the loop's thread. Call before
     * {@link #run()}.
     *
     * @return whether the poller allows it; if not, {@link #runIfWaiting} always returns false
     */
    public boolean lendWhileWaiting() {
        if (thread != null) {
            throw new IllegalStateException(name + " is running already");
        }
        lends = poller.guardWaits(new Poller.WaitGuard() {
            @Override
            public void beforeWait() {
                turnOwner = null;
                turn.unlock();
            }

            @Override
            public void afterWait() {
                turn.lock();
                turnOwner = thread;
            }
        });
        return lends;
    }

    /**
     * Runs {@code action} at once on the calling thread as a turn of this loop, if the loop's
     * thread is waiting in its poller (it stays there until the turn ends), and returns true; else
     * returns false without running it. The turn ends with the loop's end-of-turn actions (queued
     * output is flushed); tasks it queued and timers it scheduled sooner wake the loop's thread.
     */
    public boolean runIfWaiting(Runnable action) {
        if (!lends || !turn.tryLock()) {
            return false;
        }
        try {
            if (thread == null || turnOwner != null || !running) {
                return false; // the loop has not started its first wait, or stops
            }
            long nextTimer = timers.headDeadline();
            turnOwner = Thread.currentThread();
            try {
                runTask(action);
                runEndOfTurn();
            } finally {
                turnOwner = null;
            }
            if (!tasks.isEmpty() || timers.headDeadline() != nextTimer) {
                poller.wakeup();
            }
            return true;
        } finally {
            turn.unlock();
        }
    }

    /** Watches {@code pollable}; loop thread only. */
    public Registration register(Pollable pollable, int interest, IoHandler handler) throws IOException {
        return poller.register(pollable, interest, handler);
    }

    /** Runs {@code action} once at the end of the current turn; loop thread only. */
    public void atEndOfTurn(Runnable action) {
        endOfTurn.add(action);
    }

    /** The loop's pool of buffers for queued output; loop thread only. */
    public OutputBuffers outputBuffers() {
        return outputBuffers;
    }

    /** Runs {@code task} on the loop: now if called on it, else soon. */
    @Override
    public void execute(Runnable task) {
        if (inLoop()) {
            task.run();
        } else {
            tasks.add(task);
            poller.wakeup();
        }
    }

    /**
     * Runs {@code task} on the loop in a later turn, never now, even when called on the loop: a
     * callback that asks for it is not re-entered (the packet it was handed stays valid). Any thread.
     */
    public void executeLater(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            poller.wakeup();
        }
    }

    /** Runs {@code task} on the loop and waits for its result (up to 10 s). */
    public <T> T call(Callable<T> task) {
        if (inLoop()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        poller.wakeup();
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + name, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not answer within 10 s", e);
        }
    }

    /** Calls {@code handler} every {@code intervalMillis} (> 0); any thread. */
    public long tick(long intervalMillis, TimerHandler handler) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("tick interval must be > 0 ms, not " + intervalMillis);
        }
        return schedule(intervalMillis, intervalMillis, handler);
    }

    /** Calls {@code handler} after {@code firstDelayMillis} (>= 0), then every {@code intervalMillis} (> 0); any thread. */
    public long tick(long firstDelayMillis, long intervalMillis, TimerHandler handler) {
        if (intervalMillis <= 0 || firstDelayMillis < 0) {
            throw new IllegalArgumentException("tick needs an interval > 0 ms and a first delay >= 0 ms, not "
                    + intervalMillis + " and " + firstDelayMillis);
        }
        return schedule(firstDelayMillis, intervalMillis, handler);
    }

    /** Calls {@code handler} once after {@code delayMillis}; any thread. */
    public long after(long delayMillis, TimerHandler handler) {
        return schedule(delayMillis, 0, handler);
    }

    /** Cancels a timer; false if it does not exist (any more). Any thread. */
    public boolean clearTimer(long timerId) {
        return timers.clear(timerId);
    }

    /** Whether a timer is still pending: a tick until it is cleared, an after until it has fired. Any thread. */
    public boolean timerExists(long timerId) {
        return timers.exists(timerId);
    }

    private long schedule(long delay, long period, TimerHandler handler) {
        long id = timers.create(delay, period, handler);
        execute(() -> timers.add(id));
        return id;
    }

    /** Asks the loop to stop after the current turn; any thread. */
    public void stop() {
        running = false;
        poller.wakeup();
    }

    public boolean isRunning() {
        return running;
    }

    /** Runs the loop on the calling thread until {@link #stop()}, then closes the poller. */
    public void run() {
        thread = Thread.currentThread();
        if (lends) {
            turn.lock();
        }
        turnOwner = thread;
        try {
            while (running) {
                turn();
            }
            runTasksQueuedNow();
        } finally {
            if (lends) {
                turn.unlock();
            }
            timers.clearAll();
            try {
                poller.close();
            } catch (IOException e) {
                Log.warn(name + ": closing the poller failed: " + e);
            }
        }
    }

    private void turn() {
        long timeout = tasks.isEmpty() && endOfTurn.isEmpty() ? timers.millisUntilNext(System.nanoTime()) : 0;
        try {
            if (timeout == 0 || spinNanos == 0) {
                poller.poll(timeout);
            } else {
                waitForEvents(timeout);
            }
        } catch (IOException e) {
            Log.error(name + ": poll failed: " + e, e);
        } catch (RuntimeException e) {
            Log.error(name + ": an I/O handler failed: " + e, e);
        }
        runTasks();
        timers.runDue(System.nanoTime());
        runEndOfTurn();
    }

    /**
     * Polls without sleeping for up to {@link #spinNanos} if the last wait was shorter than twice
     * that (events come close together: a sleep and the wake-up after it cost more than the look),
     * then sleeps in the poller; records how long the wait took.
     */
    private void waitForEvents(long timeout) throws IOException {
        long start = System.nanoTime();
        if (lastWaitNanos < 2 * spinNanos && !lends) {
            long now = start;
            do {
                if (poller.poll(0) > 0) {
                    lastWaitNanos = System.nanoTime() - start;
                    return;
                }
                long next = now + SPIN_POLL_GAP_NANOS;
                while ((now = System.nanoTime()) < next) {
                    Thread.onSpinWait();
                }
            } while (now - start < spinNanos && tasks.isEmpty() && running);
        }
        poller.poll(tasks.isEmpty() && running ? timeout : 0);
        lastWaitNanos = System.nanoTime() - start;
    }

    /**
     * Lets an idle loop poll for up to {@code nanos} before it sleeps in the kernel, while the
     * events it handles come within about that time of each other (a task worker answering one
     * {@code taskwait} after another); 0, the default, never spins. Loop thread, or before
     * {@link #run()}.
     */
    public void spinBeforeSleep(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("spin time must be 0 or more, not " + nanos);
        }
        spinNanos = nanos;
    }

    /** Runs queued tasks within the turn's budget; tasks queued meanwhile count against it too. */
    private void runTasks() {
        long start = 0;
        for (int ran = 0; ran < TASKS_PER_TURN; ran++) {
            if (ran % TASKS_PER_CLOCK_READ == 0) {
                long now = System.nanoTime();
                if (ran == 0) {
                    start = now;
                } else if (now - start >= TASK_NANOS_PER_TURN) {
                    return;
                }
            }
            Runnable r = tasks.poll();
            if (r == null) {
                return;
            }
            runTask(r);
        }
    }

    /** At the end: the tasks queued before the loop stopped run, however many (later ones do not). */
    private void runTasksQueuedNow() {
        for (int n = tasks.size(); n > 0; n--) {
            Runnable r = tasks.poll();
            if (r == null) {
                return;
            }
            runTask(r);
        }
    }

    private void runTask(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            Log.error(name + ": a task failed: " + e, e);
        }
    }

    private void runEndOfTurn() {
        // Actions may add more actions (a flush that closes, say); run until none are left.
        for (int i = 0; i < endOfTurn.size(); i++) {
            try {
                endOfTurn.get(i).run();
            } catch (RuntimeException e) {
                Log.error(name + ": an end-of-turn action failed: " + e, e);
            }
        }
        endOfTurn.clear();
    }
}
