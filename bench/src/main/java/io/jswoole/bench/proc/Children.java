package io.jswoole.bench.proc;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts child processes and makes sure none outlives the bench: each is stopped by its PID
 * (SIGTERM, then SIGKILL after a grace period), together with every descendant it had, and
 * waited for. What is still running at {@link #close()}, or when the JVM exits (Ctrl-C), is
 * stopped the same way by a shutdown hook.
 */
public final class Children implements AutoCloseable {
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final File NULL_DEVICE = new File("/dev/null");

    private final Set<Child> live = ConcurrentHashMap.newKeySet();
    private final Thread hook = new Thread(this::stopAll, "bench-children-stop");
    private final Duration grace;
    private volatile boolean closed;

    /** {@code grace}: how long a child may take to exit after SIGTERM before it is killed. */
    public Children(Duration grace) {
        this.grace = grace;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code command} with its standard output and error appended to {@code log}; with
     * {@code pipeStdout}, standard output is left for the caller to read instead.
     */
    public Child start(String name, List<String> command, Path log, boolean pipeStdout) throws IOException {
        return start(name, command, Map.of(), log, pipeStdout);
    }

    /** {@link #start(String, List, Path, boolean)} with {@code environment} added to the bench's own. */
    public Child start(String name, List<String> command, Map<String, String> environment, Path log,
                       boolean pipeStdout) throws IOException {
        if (closed) {
            throw new IllegalStateException("stopping: no new processes");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(NULL_DEVICE));
        pb.environment().putAll(environment);
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
        if (pipeStdout) {
            pb.redirectError(toLog);
        } else {
            pb.redirectOutput(toLog).redirectErrorStream(true);
        }
        Child child = new Child(name, pb.start(), log);
        live.add(child);
        if (closed) {
            stop(child);
        }
        return child;
    }

    /** Stops {@code child} and all its descendants and waits for it; returns its exit status (-1 if unknown). */
    public int stop(Child child) {
        List<ProcessHandle> descendants = new ArrayList<>(child.process().descendants().toList());
        Process p = child.process();
        int status = -1;
        try {
            p.destroy();
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!p.isAlive()) {
                status = p.exitValue();
            }
            for (ProcessHandle d : descendants) {
                stopDescendant(d);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } finally {
            live.remove(child);
        }
        return status;
    }

    /** Waits up to {@code timeout} for {@code child} to exit by itself; stops it if it does not. */
    public int await(Child child, Duration timeout) throws InterruptedException {
        if (child.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            int status = child.process().exitValue();
            live.remove(child);
            return status;
        }
        stop(child);
        return -1;
    }

    private void stopDescendant(ProcessHandle d) throws InterruptedException {
        if (!d.isAlive()) {
            return;
        }
        d.destroy();
        try {
            d.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            d.destroyForcibly();
        }
    }

    /** Processes started and not yet stopped. */
    public Set<Child> live() {
        return Set.copyOf(live);
    }

    private void stopAll() {
        closed = true;
        for (Child c : List.copyOf(live)) {
            stop(c);
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook is running or has run.
        }
    }
}
