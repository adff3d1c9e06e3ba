package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import io.jswoole.testing.Sockets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Registration;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;

/** Closing a poller, or a registered socket, while a poll runs. */
@Timeout(30)
class ClosePollingContractTest {

    @ReactorTest
    void closingThePollerFromAnotherThreadEndsABlockedPoll(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        Poller poller = reactor.openPoller();
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch polling = new CountDownLatch(1);
        Thread loop = new Thread(() -> {
            polling.countDown();
            try {
                outcome.set(poller.poll(-1));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "poll-forever");
        loop.start();
        polling.await();
        poller.close();
        loop.join(Await.DEADLINE_MILLIS);
        assertFalse(loop.isAlive(), "the blocked poll did not return after close");
        Object r = outcome.get();
        assertTrue(r instanceof Integer || r instanceof IllegalStateException, "poll ended with " + r);
        assertThrows(IllegalStateException.class, () -> poller.poll(0), "a closed poller cannot poll");
        poller.wakeup();
        poller.close();
    }

    @ReactorTest
    void aSocketClosedByAnEarlierHandlerOfTheSamePollIsSkipped(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (ListenSocket listener = Sockets.listen(reactor);
             StreamSocket client = reactor.transport().connect(listener.localAddress());
             StreamSocket server = Sockets.acceptOne(reactor, listener);
             Poller poller = reactor.openPoller()) {
            AtomicInteger calls = new AtomicInteger();
            poller.register(client, Poller.WRITE, ops -> {
                calls.incrementAndGet();
                close(server);
            });
            poller.register(server, Poller.WRITE, ops -> {
                calls.incrementAndGet();
                close(client);
            });
            Await.pollUntil(poller, () -> calls.get() > 0);
            assertEquals(1, calls.get(), "whichever handler ran first, the other one was skipped");
        }
    }

    @ReactorTest
    void aSocketClosedFromAnotherThreadWhileRegisteredGoesQuiet(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (Poller poller = reactor.openPoller();
             DatagramSocket quiet = reactor.transport().bindDatagram(Sockets.LOOPBACK, Sockets.defaults());
             DatagramSocket busy = reactor.transport().bindDatagram(Sockets.LOOPBACK, Sockets.defaults());
             java.net.DatagramSocket sender = new java.net.DatagramSocket(Sockets.LOOPBACK)) {
            AtomicInteger quietCalls = new AtomicInteger();
            AtomicInteger busyCalls = new AtomicInteger();
            ByteBuffer buffer = ByteBuffer.allocate(16);
            poller.register(quiet, Poller.READ, ops -> quietCalls.incrementAndGet());
            Registration busyRegistration = poller.register(busy, Poller.READ, ops -> {
                buffer.clear();
                receive(busy, buffer);
                busyCalls.incrementAndGet();
            });
            Thread closer = new Thread(() -> close(quiet), "closer");
            closer.start();
            closer.join();
            poller.poll(0);
            sender.send(new DatagramPacket(new byte[1], 1, busy.localAddress()));
            Await.pollUntil(poller, () -> busyCalls.get() == 1);
            assertEquals(0, quietCalls.get());
            busyRegistration.cancel();
        }
    }

    private static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void receive(DatagramSocket s, ByteBuffer into) {
        try {
            s.receive(into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
