package io.jswoole.reactor.nio;

import io.jswoole.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jswoole.settings.Settings;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.Registration;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class NioPollerTest {
    private final NioReactorProvider reactor = new NioReactorProvider();
    private Poller poller;
    private ListenSocket listener;
    private StreamSocket client;
    private StreamSocket server;

    @BeforeEach
    void connectPair() throws IOException {
        poller = reactor.openPoller();
        listener = reactor.transport().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                SocketOptions.of(Settings.empty()));
        client = reactor.transport().connect(listener.localAddress());
        AtomicReference<StreamSocket> accepted = new AtomicReference<>();
        Registration r = poller.register(listener, Poller.READ, ops -> {
            try {
                accepted.set(listener.accept());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        Await.pollUntil(poller, () -> accepted.get() != null);
        r.cancel();
        server = accepted.get();
    }

    @AfterEach
    void closeAll() throws IOException {
        for (Closeable c : new Closeable[] {server, client, listener, poller}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void reportsWriteOnlyWhileInterested() throws IOException {
        AtomicInteger ready = new AtomicInteger();
        Registration r = poller.register(client, 0, ready::set);
        assertEquals(0, r.interest());
        assertEquals(0, poller.poll(0));

        r.interest(Poller.WRITE);
        assertEquals(Poller.WRITE, r.interest());
        Await.pollUntil(poller, () -> ready.get() == Poller.WRITE);

        r.interest(Poller.READ);
        ready.set(0);
        assertEquals(0, poller.poll(50), "nothing to read yet");

        server.write(ByteBuffer.wrap(new byte[] {42}));
        Await.pollUntil(poller, () -> ready.get() == Poller.READ);

        r.interest(Poller.READ | Poller.WRITE);
        ready.set(0);
        Await.pollUntil(poller, () -> ready.get() == (Poller.READ | Poller.WRITE));
    }

    @Test
    void readIsReportedAtEndOfStream() throws IOException {
        AtomicInteger ready = new AtomicInteger();
        poller.register(client, Poller.READ, ready::set);
        server.shutdownOutput();
        Await.pollUntil(poller, () -> ready.get() == Poller.READ);
        assertEquals(-1, client.read(ByteBuffer.allocate(8)));
    }

    @Test
    void cancelStopsReportsIsIdempotentAndAllowsRegisteringAgain() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Registration r = poller.register(client, Poller.WRITE, ops -> calls.incrementAndGet());
        assertThrows(IllegalStateException.class, () -> poller.register(client, Poller.READ, ops -> { }));
        r.cancel();
        r.cancel();
        assertEquals(0, poller.poll(50));
        assertEquals(0, calls.get());
        assertThrows(CancelledKeyException.class, () -> r.interest(Poller.READ));

        AtomicInteger again = new AtomicInteger();
        Registration r2 = poller.register(client, Poller.WRITE, again::set);
        Await.pollUntil(poller, () -> again.get() == Poller.WRITE);
        r.cancel();
        again.set(0);
        Await.pollUntil(poller, () -> again.get() == Poller.WRITE);
        assertEquals(0, calls.get(), "the first registration stays cancelled");
        r2.cancel();
    }

    @Test
    void registeringAgainFromAHandlerDuringPollWorks() throws IOException {
        Registration r = poller.register(client, Poller.WRITE, ops -> { });
        r.cancel();
        AtomicInteger again = new AtomicInteger();
        AtomicInteger serverCalls = new AtomicInteger();
        poller.register(server, Poller.WRITE, ops -> {
            if (serverCalls.incrementAndGet() == 1) {
                try {
                    poller.register(client, Poller.WRITE, again::set);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        });
        Await.pollUntil(poller, () -> again.get() == Poller.WRITE);
    }

    @Test
    void aSocketClosedOrCancelledByAnEarlierHandlerIsSkipped() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Registration> clientReg = new AtomicReference<>();
        AtomicReference<Registration> serverReg = new AtomicReference<>();
        clientReg.set(poller.register(client, Poller.WRITE, ops -> {
            calls.incrementAndGet();
            serverReg.get().cancel();
        }));
        serverReg.set(poller.register(server, Poller.WRITE, ops -> {
            calls.incrementAndGet();
            try {
                client.close();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }));
        Await.pollUntil(poller, () -> calls.get() > 0);
        assertEquals(1, calls.get(), "whichever handler ran first, the other one must be skipped");
    }

    @Test
    void handlerExceptionsPropagateAndReadinessIsReportedAgain() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        poller.register(client, Poller.WRITE, ops -> {
            calls.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        long deadline = System.nanoTime() + Await.DEADLINE_MILLIS * 1_000_000L;
        IllegalStateException e = null;
        while (e == null && System.nanoTime() - deadline < 0) {
            try {
                poller.poll(20);
            } catch (IllegalStateException thrown) {
                e = thrown;
            }
        }
        assertNotNull(e);
        assertEquals("boom", e.getMessage());
        assertThrows(IllegalStateException.class, () -> poller.poll(1000));
        assertEquals(2, calls.get());
    }

    @Test
    void listenerTakesOnlyRead() {
        assertThrows(IllegalArgumentException.class, () -> poller.register(listener, Poller.WRITE, ops -> { }));
        assertThrows(IllegalArgumentException.class, () -> poller.register(client, 4, ops -> { }));
    }

    @Test
    void wakeupFromAnotherThreadUnblocksAPollWithoutTimeout() throws Exception {
        CountDownLatch polling = new CountDownLatch(1);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread loop = new Thread(() -> {
            polling.countDown();
            try {
                result.set(poller.poll(-1));
            } catch (Throwable e) {
                result.set(e);
            }
        }, "poll-forever");
        loop.start();
        polling.await();
        poller.wakeup();
        loop.join(Await.DEADLINE_MILLIS);
        assertFalse(loop.isAlive(), "poll(-1) was not woken up");
        assertEquals(0, result.get());
    }

    @Test
    void everyWakeupWakesItsPoll() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread loop = new Thread(() -> {
            try {
                while (!stop.get()) {
                    poller.poll(-1);
                    polls.incrementAndGet();
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "poll-loop");
        loop.start();
        try {
            for (int i = 0; i < 200; i++) {
                int before = polls.get();
                poller.wakeup();
                poller.wakeup();
                Await.until(() -> polls.get() > before);
            }
        } finally {
            stop.set(true);
            poller.wakeup();
            loop.join(Await.DEADLINE_MILLIS);
        }
        assertFalse(loop.isAlive());
        assertNull(failure.get());
    }

    @Test
    void wakeupBeforePollMakesItReturn() throws IOException {
        poller.wakeup();
        poller.wakeup();
        assertEquals(0, poller.poll(-1));
        assertEquals(0, poller.poll(0));
    }
}
