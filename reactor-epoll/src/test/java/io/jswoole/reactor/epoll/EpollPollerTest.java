package io.jswoole.reactor.epoll;

import io.jswoole.testing.Await;
import io.jswoole.testing.Sockets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.Registration;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
@SuppressWarnings("try") // resources held open for the test, not used by name
class EpollPollerTest {
    private EpollPoller poller;
    private ListenSocket listener;
    private StreamSocket client;
    private StreamSocket server;

    @BeforeEach
    void connectPair() throws IOException {
        poller = (EpollPoller) Loopback.REACTOR.openPoller();
        listener = Loopback.listen();
        client = Loopback.REACTOR.transport().connect(listener.localAddress());
        server = Loopback.acceptOne(listener);
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
    void aHangUpWithoutInterestIsNotReportedOverAndOver() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        poller.register(client, 0, ops -> calls.incrementAndGet());
        server.abort();
        long start = System.nanoTime();
        int returned = 0;
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(300)) {
            poller.poll(100);
            returned++;
        }
        assertEquals(0, calls.get());
        assertTrue(returned <= 5, "poll returned " + returned + " times in 300 ms: it spins on the hang-up");
    }

    @Test
    void aClosedSocketCannotBeRegisteredAndItsRegistrationIsDead() throws IOException {
        Registration r = poller.register(client, Poller.WRITE, ops -> { });
        client.close();
        assertThrows(CancelledKeyException.class, () -> r.interest(Poller.READ));
        r.cancel();
        assertThrows(ClosedChannelException.class, () -> poller.register(client, Poller.READ, ops -> { }));
    }

    @Test
    void slotsOfClosedSocketsAreReclaimedAndStaleEventsIgnored() throws IOException {
        // Sockets closed while registered: their slots are swept once the table would grow.
        for (int i = 0; i < 200; i++) {
            try (StreamSocket c = Loopback.REACTOR.transport().connect(listener.localAddress());
                 StreamSocket s = Loopback.acceptOne(listener)) {
                poller.register(c, Poller.WRITE, ops -> { });
            }
        }
        assertTrue(poller.registrations() <= 64, poller.registrations() + " slots held by closed sockets");
        AtomicInteger ready = new AtomicInteger();
        poller.register(client, Poller.WRITE, ready::set);
        Await.pollUntil(poller, () -> ready.get() == Poller.WRITE);
    }

    /** The eventfd is never read, so its counter in /proc/self/fdinfo is the number of writes. */
    @Test
    void wakeupsWriteTheEventfdOnlyWhenAPollMayBeBlocked() throws Exception {
        String eventfd = String.valueOf(poller.wakeupFd());
        assertEquals("anon_inode:[eventfd]", Files.readSymbolicLink(Path.of("/proc/self/fd", eventfd)).toString());

        for (int i = 0; i < 1000; i++) {
            poller.wakeup();
        }
        assertEquals(0, eventfdCount(eventfd), "no poll was running: nothing to write");
        assertEquals(0, poller.poll(-1), "the pending wake-up made the poll return at once");

        for (int round = 1; round <= 3; round++) {
            CountDownLatch returned = new CountDownLatch(1);
            Thread loop = new Thread(() -> {
                try {
                    poller.poll(-1);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                returned.countDown();
            }, "poll-forever");
            loop.start();
            while (!returned.await(1, TimeUnit.MILLISECONDS)) {
                for (int i = 0; i < 100; i++) {
                    poller.wakeup();
                }
            }
            loop.join();
            assertTrue(eventfdCount(eventfd) <= round, "at most one write per blocked poll: " + eventfdCount(eventfd));
        }
    }

    private static long eventfdCount(String fd) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/fdinfo", fd)).stream()
                .filter(l -> l.startsWith("eventfd-count:"))
                .mapToLong(l -> Long.parseLong(l.substring("eventfd-count:".length()).trim(), 16))
                .findFirst().orElseThrow();
    }

    @Test
    void aWaitGuardIsCalledAroundBlockingWaitsOnlyAndBeforeAnyHandler() throws IOException {
        java.util.List<String> calls = new java.util.ArrayList<>();
        assertTrue(poller.guardWaits(new Poller.WaitGuard() {
            @Override
            public void beforeWait() {
                calls.add("before");
            }

            @Override
            public void afterWait() {
                calls.add("after");
            }
        }));
        poller.register(server, Poller.READ, ops -> {
            calls.add("handler");
            try {
                server.read(ByteBuffer.allocate(16));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(0, poller.poll(0));
        assertEquals(java.util.List.of(), calls, "a poll that does not block is not guarded");
        client.write(ByteBuffer.wrap(new byte[] {1}));
        assertEquals(1, poller.poll(-1));
        assertEquals(java.util.List.of("before", "after", "handler"), calls);
        calls.clear();
        assertEquals(0, poller.poll(1));
        assertEquals(java.util.List.of("before", "after"), calls, "a wait that times out is guarded too");
    }

    @Test
    void closeFromAnotherThreadEndsABlockedPoll() throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        CountDownLatch polling = new CountDownLatch(1);
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
        poller.close();
        loop.join(Await.DEADLINE_MILLIS);
        assertFalse(loop.isAlive(), "the poll did not return after close");
        Object r = result.get();
        assertNotNull(r);
        assertTrue(r.equals(0) || r instanceof ClosedSelectorException, String.valueOf(r));
        assertThrows(ClosedSelectorException.class, () -> poller.poll(0));
        assertThrows(ClosedSelectorException.class, () -> poller.register(client, Poller.READ, ops -> { }));
        poller.wakeup(); // harmless after close
        assertInstanceOf(EpollStreamSocket.class, client, "the sockets stay open");
        assertEquals(0, client.read(ByteBuffer.allocate(1)));
    }
}
