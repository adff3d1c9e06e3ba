package io.jswoole.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One load thread: a selector over its share of the connections. It drops what the warm-up
 * recorded when the window opens, stops issuing at the end of the window, and closes its
 * connections.
 */
final class LoadWorker implements Runnable {
    private static final long SCAN_NANOS = 10_000_000L;
    private static final long STALLED_NANOS = 1_000_000_000L;

    private final LoadClock clock;
    private final List<ClientConnection> connections = new ArrayList<>();
    private final WorkerStats stats = new WorkerStats();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(EchoPattern.CHUNK);
    private final ByteBuffer expected;
    private final Selector selector;
    private final Consumer<SelectionKey> onReady = this::ready;
    private volatile boolean stopRequested;
    private volatile Throwable failure;

    LoadWorker(LoadConfig config, int connectionCount, LoadClock clock, EchoPattern pattern) {
        this.clock = clock;
        this.expected = pattern.view();
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        for (int i = 0; i < connectionCount; i++) {
            connections.add(new ClientConnection(config, stats, address, pattern.view()));
        }
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            connections.forEach(ClientConnection::close);
            try {
                selector.close();
            } catch (IOException ignored) {
                // Closing at the end: nothing left to do with it.
            }
        }
    }

    private void loop() throws IOException {
        long now = System.nanoTime();
        for (ClientConnection c : connections) {
            c.open(selector, now);
        }
        long nextScan = now + SCAN_NANOS;
        while (true) {
            now = System.nanoTime();
            if (stopRequested || now - clock.end() >= 0) {
                if (stats.inWindow()) {
                    stats.windowEnd = now;
                }
                break;
            }
            if (stats.windowStart == 0 && now - clock.measure() >= 0) {
                stats.startWindow(now);
                connections.forEach(ClientConnection::resetWindowCount);
            }
            if (now - nextScan >= 0) {
                nextScan = now + SCAN_NANOS;
                for (ClientConnection c : connections) {
                    c.check(selector, now);
                }
            }
            long next = stats.windowStart != 0 ? clock.end() : clock.measure();
            long millis = Math.min(50, (next - now) / 1_000_000 + 1);
            selector.select(onReady, millis);
        }
        for (ClientConnection c : connections) {
            if (c.stalled(now, STALLED_NANOS)) {
                stats.stalled++;
            }
        }
    }

    private void ready(SelectionKey key) {
        ClientConnection c = (ClientConnection) key.attachment();
        c.ready(key.readyOps(), readBuffer, expected, !stopRequested);
    }

    /** Asks the thread to stop early (Ctrl-C); any thread. */
    void requestStop() {
        stopRequested = true;
        selector.wakeup();
    }

    WorkerStats stats() {
        return stats;
    }

    List<ClientConnection> connections() {
        return connections;
    }

    /** What ended the thread abnormally, or {@code null}. */
    Throwable failure() {
        return failure;
    }
}
