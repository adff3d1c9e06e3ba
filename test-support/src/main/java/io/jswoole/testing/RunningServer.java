package io.jswoole.testing;

import io.jswoole.Server;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** A server started on a background thread for a test, and stopped (joined) on close. */
public final class RunningServer implements AutoCloseable {
    private final Server server;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private RunningServer(Server server) {
        this.server = server;
        this.thread = new Thread(() -> {
            try {
                server.start();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "test-server");
        thread.setDaemon(true);
    }

    /** Starts {@code server} and waits until its ports are bound. */
    public static RunningServer start(Server server) {
        RunningServer r = new RunningServer(server);
        r.thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!server.isRunning()) {
            if (r.failure.get() != null) {
                throw new AssertionError("server failed to start: " + r.failure.get(), r.failure.get());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("server did not start within 10 s");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return r;
    }

    public Server server() {
        return server;
    }

    /** The bound port of the main port. */
    public int port() {
        return server.boundPort(0);
    }

    public int port(int id) {
        return server.boundPort(id);
    }

    /** Whether start() has returned. */
    public boolean stopped() {
        return !thread.isAlive();
    }

    public Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.shutdown();
        }
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the server", e);
        }
        if (thread.isAlive()) {
            throw new AssertionError("server did not stop within 15 s");
        }
    }
}
