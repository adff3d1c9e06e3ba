package io.jswoole.ipc.chronicle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Registration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rough throughput check, printed and not asserted (the machine is shared and noisy): one
 * chronicle link and one unixsock pipe between two threads, each thread an event loop of its own
 * (poll, work, flush once per turn). For chronicle, the doorbell rings per message are printed too.
 */
@Timeout(120)
class ThroughputCheckTest {
    private static final long NANOS_PER_RUN = 700_000_000L;

    @TempDir
    Path runDir;

    private final ReactorProvider reactor = Providers.select(ReactorProvider.class, "reactor", "nio");

    @Test
    void printsMessagesPerSecondForChronicleAndUnixsock() throws Exception {
        PipeProvider chronicle = new ChroniclePipeProvider();
        PipeProvider unixsock = Providers.select(PipeProvider.class, "task_ipc_mode", "unixsock");
        System.out.printf(Locale.ROOT, "pipe throughput, two threads, nio reactor, Java %s, %.1f s per run%n",
                Runtime.version(), NANOS_PER_RUN / 1e9);
        oneWay(chronicle, 64, 16); // warm-up
        oneWay(unixsock, 64, 16);
        for (PipeProvider p : new PipeProvider[] {chronicle, unixsock}) {
            oneWay(p, 64, 1);
            oneWay(p, 64, 16);
            oneWay(p, 16 << 10, 1);
            roundTrips(p, 64, 1);
            roundTrips(p, 64, 16);
        }
    }

    private void oneWay(PipeProvider provider, int size, int batch) throws Exception {
        run(provider, "one-way", size, batch, (sender, receiver) -> {
            CompletableFuture<Long> received = new CompletableFuture<>();
            Thread rx = new Thread(() -> {
                long count = 0;
                try (Poller poller = reactor.openPoller()) {
                    long[] n = {0};
                    boolean[] open = {true};
                    poller.register(receiver.pollable(), Poller.READ, ops -> {
                        try {
                            open[0] = receiver.receive((t, f, r, s, p) -> n[0]++);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    while (open[0]) {
                        poller.poll(1000);
                    }
                    count = n[0];
                    received.complete(count);
                } catch (Throwable e) {
                    received.completeExceptionally(e);
                }
            }, "receiver");
            rx.setDaemon(true);
            rx.start();
            try (Poller poller = reactor.openPoller()) {
                Registration reg = poller.register(sender.pollable(), 0, ops -> { });
                ByteBuffer payload = ByteBuffer.allocateDirect(size);
                long deadline = System.nanoTime() + NANOS_PER_RUN;
                int session = 0;
                boolean blocked = false;
                while (System.nanoTime() - deadline < 0) {
                    poller.poll(blocked ? 10 : 0);
                    for (int i = 0; i < batch && sender.offer(1, 0, 0, session, payload.clear()); i++) {
                        session++;
                    }
                    blocked = !sender.flush();
                    reg.interest(blocked ? Poller.WRITE : 0);
                }
                while (!sender.flush()) {
                    poller.poll(10);
                }
                sender.shutdownOutput();
            }
            long n = received.get(60, TimeUnit.SECONDS);
            rx.join();
            return n;
        });
    }

    private void roundTrips(PipeProvider provider, int size, int window) throws Exception {
        run(provider, "round-trip", size, window, (client, server) -> {
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
                    while (open[0]) {
                        poller.poll(1000);
                    }
                    server.shutdownOutput();
                    serverDone.complete(null);
                } catch (Throwable e) {
                    serverDone.completeExceptionally(e);
                }
            }, "echo");
            echo.setDaemon(true);
            echo.start();
            long[] done = {0};
            try (Poller poller = reactor.openPoller()) {
                ByteBuffer payload = ByteBuffer.allocateDirect(size);
                int[] inFlight = {0};
                boolean[] stopping = {false};
                Registration[] reg = new Registration[1];
                reg[0] = poller.register(client.pollable(), Poller.READ, ops -> {
                    try {
                        client.receive((t, f, r, s, p) -> {
                            done[0]++;
                            inFlight[0]--;
                        });
                        while (!stopping[0] && inFlight[0] < window && client.offer(1, 0, 0, 0, payload.clear())) {
                            inFlight[0]++;
                        }
                        client.flush();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                for (int i = 0; i < window; i++) {
                    client.offer(1, 0, 0, 0, payload.clear());
                    inFlight[0]++;
                }
                client.flush();
                long deadline = System.nanoTime() + NANOS_PER_RUN;
                while (System.nanoTime() - deadline < 0) {
                    poller.poll(100);
                }
                stopping[0] = true;
                long drainDeadline = System.nanoTime() + 10_000_000_000L;
                while (inFlight[0] > 0 && System.nanoTime() - drainDeadline < 0) {
                    poller.poll(100);
                }
                reg[0].cancel();
            }
            client.shutdownOutput();
            serverDone.get(60, TimeUnit.SECONDS);
            echo.join();
            return done[0];
        });
    }

    private interface Scenario {
        long run(PipeChannel a, PipeChannel b) throws Exception;
    }

    private void run(PipeProvider provider, String what, int size, int n, Scenario scenario) throws Exception {
        try (PipeListener listener = provider.listen(runDir, "bench", reactor.transport());
             PipeChannel a = provider.connect(listener.address(), reactor.transport())) {
            PipeChannel b = null;
            for (long deadline = System.nanoTime() + 5_000_000_000L; b == null; ) {
                b = listener.accept();
                assertTrue(b != null || System.nanoTime() - deadline < 0, "the listener accepted nothing");
            }
            try (PipeChannel accepted = b) {
                long start = System.nanoTime();
                long messages = scenario.run(a, accepted);
                double seconds = (System.nanoTime() - start) / 1e9;
                String rings = a instanceof ChronicleChannel c
                        ? String.format(Locale.ROOT, "  doorbell rings per message %.3f / %.3f",
                                (double) c.ringsSent() / Math.max(1, messages),
                                (double) ((ChronicleChannel) accepted).ringsSent() / Math.max(1, messages))
                        : "";
                System.out.printf(Locale.ROOT, "%-9s %-10s %5d B  %s %2d  %,12.0f msg/s%s%n", provider.name(), what, size,
                        what.equals("one-way") ? "batch " : "window", n, messages / seconds, rings);
            }
        }
    }
}
