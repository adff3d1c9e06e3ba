package io.jswoole.core.util;

import io.jswoole.log.Log;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and everything it started: SIGTERM to the process, so that a healthy one stops
 * its children in its own way, then SIGKILL to whatever of the tree is still alive after a grace
 * period, so that a hung process cannot outlive the decision to stop it.
 */
public final class ProcessTree {
    /** How long processes may take to vanish after SIGKILL before a log line says so. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);

    private ProcessTree() {
    }

    /**
     * Stops {@code root}'s tree; returns once every process of it has exited, or two seconds after
     * SIGKILL if some outlast even that (a process in uninterruptible sleep), with a log line then.
     *
     * @param what  what the log calls the root, such as "the new master"
     * @param grace how long the tree has after SIGTERM before it is killed
     * @return the number of processes that had to be killed
     */
    public static int stop(ProcessHandle root, String what, Duration grace) throws InterruptedException {
        Set<ProcessHandle> tree = members(root, new LinkedHashSet<>());
        root.destroy();
        if (awaitExit(tree, root, grace)) {
            return 0;
        }
        Set<ProcessHandle> alive = new LinkedHashSet<>();
        for (ProcessHandle p : tree) {
            if (p.isAlive()) {
                members(p, alive);
            }
        }
        Log.warn(what + " (pid " + root.pid() + ") did not stop within " + grace.toMillis() + " ms of SIGTERM; killing "
                + alive.size() + " process(es) of its tree");
        alive.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        while (alive.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() - deadline > 0) {
                Log.warn(what + " (pid " + root.pid() + "): some of its processes survive SIGKILL");
                break;
            }
            Thread.sleep(10); // the exit of a process that is not this one's child can only be polled for
        }
        return alive.size();
    }

    /** {@code p} and its descendants now, added to {@code into}. */
    private static Set<ProcessHandle> members(ProcessHandle p, Set<ProcessHandle> into) {
        into.add(p);
        p.descendants().forEach(into::add);
        return into;
    }

    /**
     * Waits until every process of {@code tree} has exited, and the descendants {@code root} gains
     * meanwhile too; true if they all did within {@code timeout}.
     */
    private static boolean awaitExit(Set<ProcessHandle> tree, ProcessHandle root, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (root.isAlive()) {
                members(root, tree);
            }
            CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
            long left = deadline - System.nanoTime();
            try {
                // Wakes at least every 100 ms to take in children the root started in the meantime.
                CompletableFuture.allOf(exits).get(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100))),
                        TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                if (left <= 0) {
                    return false;
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
