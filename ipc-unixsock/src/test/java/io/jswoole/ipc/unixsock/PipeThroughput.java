package io.jswoole.ipc.unixsock;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Registration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A rough throughput check of one {@code unixsock} pipe between two threads, each with its own
 * poller turning like an event loop (poll, work, flush once). Not a test: run it by hand.
 *
 * <pre>
 *   one-way     the sender offers up to {@code batch} messages per turn and flushes once;
 *               the receiver counts them. batch 1 is one write per message, like Swoole's pipes.
 *   round trip  the client keeps {@code window} messages in flight; the server echoes each one,
 *               flushing once per turn.
 * </pre>
 *
 * Arguments: [reactor name, default nio] [seconds per measurement, default 2], then optionally one
 * scenario only: {@code one-way SIZE BATCH} or {@code round-trip SIZE WINDOW}.
 */
public final class PipeThroughput {
    private final ReactorProvider reactor;
    private final UnixSockPipeProvider provider = new UnixSockPipeProvider();
    private final long nanosPerRun;
    /** Messages (or round trips) of the last run. */
    private long messages;

    private PipeThroughput(ReactorProvider reactor, double seconds) {
        this.reactor = reactor;
        this.nanosPerRun = (long) (seconds * 1e9);
    }

    public static void main(String[] args) throws Exception {
        ReactorProvider reactor = Providers.select(ReactorProvider.class, "reactor", args.length > 0 ? args[0] : "nio");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        PipeThroughput bench = new PipeThroughput(reactor, seconds);
        System.out.printf(Locale.ROOT, "unixsock pipe, reactor %s, Java %s, %s s per run%n",
                reactor.name(), Runtime.version(), seconds);
        if (args.length > 4) { // one scenario only, e.g. for strace -c: one-way|round-trip SIZE BATCH|WINDOW
            bench.report(args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            return;
        }
        bench.oneWay(64, 16, 0.5); // warm-up
        bench.roundTrips(64, 1, 0.5);
        for (int size : new int[] {64, 4096}) {
            for (int batch : new int[] {1, 16, 256}) {
                bench.report("one-way", size, batch);
            }
            for (int window : new int[] {1, 16}) {
                bench.report("round-trip", size, window);
            }
        }
    }

    private void report(String scenario, int size, int n) throws Exception {
        if (scenario.equals("one-way")) {
            double rate = oneWay(size, n, 1);
            System.out.printf(Locale.ROOT, "one-way     %5d B  batch %3d   %,12.0f msg/s  %8.1f MiB/s  (%,d messages)%n",
                    size, n, rate, rate * size / (1 << 20), messages);
        } else if (scenario.equals("round-trip")) {
            double rate = roundTrips(size, n, 1);
            System.out.printf(Locale.ROOT, "round trip  %5d B  window %2d  %,12.0f rt/s                  (%,d round trips)%n",
                    size, n, rate, messages);
        } else {
            throw new IllegalArgumentException("scenario: one-way or round-trip, not " + scenario);
        }
    }

    /** Messages per second from one thread to the other. */
    private double oneWay(int size, int batch, double share) throws Exception {
        return run((sender, receiver) -> {
            long deadline = System.nanoTime() + (long) (nanosPerRun * share);
            CompletableFuture<Long> received = new CompletableFuture<>();
            long[] count = new long[1];
            Thread rx = new Thread(() -> {
                try (Poller poller = reactor.openPoller()) {
                    boolean[] open = {true};
                    poller.register(receiver.pollable(), Poller.READ, ops -> {
                        try {
                            open[0] = receiver.receive((t, f, r, s, p) -> count[0] += 1 + (p.get(p.position()) & 0));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    while (open[0]) {
                        poller.poll(-1);
                    }
                    received.complete(count[0]);
                } catch (Throwable e) {
                    received.completeExceptionally(e);
                }
            }, "receiver");
            rx.setDaemon(true); // a failed run must not keep the JVM alive
            rx.start();
            long start = System.nanoTime();
            try (Poller poller = reactor.openPoller()) {
                boolean[] writable = {false};
                Registration reg = poller.register(sender.pollable(), 0, ops -> writable[0] = true);
                ByteBuffer payload = ByteBuffer.allocateDirect(size);
                boolean blocked = false;
                int session = 0;
                while (System.nanoTime() - deadline < 0) {
                    poller.poll(blocked ? -1 : 0); // one poll per turn, as a loop does
                    if (writable[0]) {
                        writable[0] = false;
                        blocked = false;
                    }
                    for (int i = 0; i < batch; i++) {
                        if (!sender.offer(1, 0, 0, session, payload.clear())) {
                            break;
                        }
                        session++;
                    }
                    if (!blocked) {
                        blocked = !sender.flush();
                        reg.interest(blocked ? Poller.WRITE : 0);
                    }
                }
                while (!sender.flush()) {
                    reg.interest(Poller.WRITE);
                    poller.poll(-1);
                }
                sender.shutdownOutput();
            }
            messages = received.get(60, TimeUnit.SECONDS);
            rx.join();
            return messages / ((System.nanoTime() - start) / 1e9);
        });
    }

    /** Round trips per second with {@code window} messages in flight. */
    private double roundTrips(int size, int window, double share) throws Exception {
        return run((client, server) -> {
            long deadline = System.nanoTime() + (long) (nanosPerRun * share);
            CompletableFuture<Void> serverDone = new CompletableFuture<>();
            Thread echo = new Thread(() -> {
                try (Poller poller = reactor.openPoller()) {
                    boolean[] open = {true};
                    Registration[] reg = new Registration[1];
                    reg[0] = poller.register(server.pollable(), Poller.READ, ops -> {
                        try {
                            if ((ops & Poller.READ) != 0) {
                                open[0] = server.receive((t, f, r, s, p) -> server.offer(t, f, r, s, p));
                            }
                            reg[0].interest((open[0] ? Poller.READ : 0) | (server.flush() ? 0 : Poller.WRITE));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    while (open[0] || server.queuedBytes() > 0) {
                        poller.poll(-1);
                    }
                    server.shutdownOutput();
                    serverDone.complete(null);
                } catch (Throwable e) {
                    serverDone.completeExceptionally(e);
                }
            }, "echo");
            echo.setDaemon(true);
            echo.start();
            long start = System.nanoTime();
            long[] done = new long[1];
            try (Poller poller = reactor.openPoller()) {
                ByteBuffer payload = ByteBuffer.allocateDirect(size);
                int[] inFlight = {0};
                boolean[] stopping = {false};
                Registration[] reg = new Registration[1];
                reg[0] = poller.register(client.pollable(), Poller.READ, ops -> {
                    try {
                        if ((ops & Poller.READ) != 0) {
                            client.receive((t, f, r, s, p) -> {
                                done[0]++;
                                inFlight[0]--;
                            });
                        }
                        while (!stopping[0] && inFlight[0] < window
                                && client.offer(1, 0, 0, 0, payload.clear())) {
                            inFlight[0]++;
                        }
                        reg[0].interest(Poller.READ | (client.flush() ? 0 : Poller.WRITE));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                for (int i = 0; i < window; i++) {
                    client.offer(1, 0, 0, 0, payload.clear());
                    inFlight[0]++;
                }
                client.flush();
                while (System.nanoTime() - deadline < 0) {
                    poller.poll(-1);
                }
                stopping[0] = true;
                while (inFlight[0] > 0) {
                    poller.poll(-1);
                }
            }
            client.shutdownOutput();
            serverDone.get(60, TimeUnit.SECONDS);
            echo.join();
            messages = done[0];
            return done[0] / ((System.nanoTime() - start) / 1e9);
        });
    }

    private interface Scenario {
        double run(PipeChannel a, PipeChannel b) throws Exception;
    }

    /** Opens a connected pair in a fresh run directory, runs {@code scenario}, cleans up. */
    private double run(Scenario scenario) throws Exception {
        Path dir = Files.createTempDirectory("pipe-bench");
        try (PipeListener listener = provider.listen(dir, "bench", reactor.transport());
             PipeChannel a = provider.connect(listener.address(), reactor.transport())) {
            PipeChannel b = null;
            for (long deadline = System.nanoTime() + 5_000_000_000L; b == null; ) {
                b = listener.accept();
                if (b == null && System.nanoTime() - deadline > 0) {
                    throw new IOException("the listener accepted nothing");
                }
            }
            try (PipeChannel accepted = b) {
                return scenario.run(a, accepted);
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
