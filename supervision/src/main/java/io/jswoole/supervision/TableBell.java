package io.jswoole.supervision;

import io.jswoole.linux.UnixDatagram;
import io.jswoole.log.Log;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wakes whoever waits for the {@link WorkerTable} to change (the manager for a worker to be
 * ready, the master for systemd's readiness), instead of having them poll it: each waiting
 * process binds a Unix datagram socket in the run directory, and a process that changes the
 * table in a way someone may wait for (a process started, a reload finished) sends one byte to
 * every such socket there. A ring can be lost (a socket full, a waiter not yet listening), so
 * waiters still look at the table now and then: a ring only makes them look at once.
 */
public final class TableBell implements AutoCloseable {
    private static final String PREFIX = "bell-";
    private static final String SUFFIX = ".sock";
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final byte[] RING = {1};

    private final Path file;
    private final UnixDatagram socket;
    private final Runnable onRing;
    private final Thread thread;
    private long rings;
    private volatile boolean closed;

    private TableBell(Path file, UnixDatagram socket, Runnable onRing) {
        this.file = file;
        this.socket = socket;
        this.onRing = onRing;
        this.thread = new Thread(this::listen, "jswoole-table-bell");
        thread.setDaemon(true);
    }

    /** Listens in {@code runDir} until closed; {@code onRing} runs on the bell's thread at each ring. */
    public static TableBell listen(Path runDir, Runnable onRing) throws IOException {
        Path file = runDir.resolve(PREFIX + ProcessHandle.current().pid() + "-" + NEXT.getAndIncrement() + SUFFIX);
        Files.deleteIfExists(file);
        TableBell bell = new TableBell(file, UnixDatagram.bind(file.toString()), onRing);
        bell.thread.start();
        return bell;
    }

    /** Rings every bell listening in {@code runDir}; any thread. */
    public static void ring(Path runDir) {
        try (DirectoryStream<Path> bells = Files.newDirectoryStream(runDir, PREFIX + "*" + SUFFIX)) {
            for (Path b : bells) {
                try (UnixDatagram d = UnixDatagram.connect(b.toString())) {
                    d.send(RING);
                } catch (IOException e) {
                    Log.debug("ringing " + b + ": " + e.getMessage()); // its process is gone, or it is full
                }
            }
        } catch (IOException e) {
            Log.debug("listing the bells in " + runDir + ": " + e.getMessage());
        }
    }

    private void listen() {
        while (!closed) {
            byte[] got;
            try {
                got = socket.receive(Duration.ofHours(1)); // close() rings it to end the wait
            } catch (IOException e) {
                if (!closed) {
                    Log.debug("table bell: " + e.getMessage());
                }
                return;
            }
            if (got != null && !closed) {
                synchronized (this) {
                    rings++;
                    notifyAll();
                }
                onRing.run();
            }
        }
    }

    /** How many times this bell has rung: what {@link #await} compares with. */
    public synchronized long rings() {
        return rings;
    }

    /** Waits until the bell rings after {@code seen} rings, or {@code timeoutMillis} pass. */
    public synchronized void await(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        long left;
        while (rings == seen && !closed && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Stops listening and removes the socket file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        try (UnixDatagram self = UnixDatagram.connect(file.toString())) {
            self.send(RING); // ends the thread's wait
        } catch (IOException e) {
            Log.debug("waking the table bell's thread: " + e.getMessage());
        }
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.debug("cannot remove " + file + ": " + e.getMessage());
        }
    }
}
