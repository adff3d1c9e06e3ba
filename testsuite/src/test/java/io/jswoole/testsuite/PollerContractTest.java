package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jswoole.settings.Settings;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Registration;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.testing.Await;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;

/**
 * A poller's registrations over a connected pair of stream sockets: what is reported for which
 * interest, cancelling
 * and registering again (also from a handler), handlers that close, cancel or throw.
 */
@Timeout(30)
class PollerContractTest {

    /** A poller and a connected pair of sockets with their listener, all closed together. */
    private static final class Pair implements AutoCloseable {
        final Poller poller;
        final ListenSocket listener;
        final StreamSocket client;
        final StreamSocket server;

        Pair(ReactorProvider reactor) throws IOException {
            Reactors.requireAvailable(reactor);
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

        @Override
        public void close() throws IOException {
            for (Closeable c : new Closeable[] {server, client, listener, poller}) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    @ReactorTest
    void onlyWhatTheRegistrationIsInterestedInIsReported(ReactorProvider reactor) throws IOException {
        try (Pair p = new Pair(reactor)) {
            AtomicInteger ready = new AtomicInteger();
            Registration r = p.poller.register(p.client, 0, ready::set);
            assertEquals(0, r.interest());
            assertEquals(0, p.poller.poll(0));

            r.interest(Poller.WRITE);
            assertEquals(Poller.WRITE, r.interest());
            Await.pollUntil(p.poller, () -> ready.get() == Poller.WRITE);

            r.interest(Poller.READ);
            ready.set(0);
            assertEquals(0, p.poller.poll(50), "nothing to read yet");
            p.server.write(ByteBuffer.wrap(new byte[] {42}));
            Await.pollUntil(p.poller, () -> ready.get() == Poller.READ);

            r.interest(Poller.READ | Poller.WRITE);
            ready.set(0);
            Await.pollUntil(p.poller, () -> ready.get() == (Poller.READ | Poller.WRITE));
        }
    }

    @ReactorTest
    void endOfStreamIsReportedAsRead(ReactorProvider reactor) throws IOException {
        try (Pair p = new Pair(reactor)) {
            AtomicInteger ready = new AtomicInteger();
            p.poller.register(p.client, Poller.READ, ready::set);
            p.server.shutdownOutput();
            Await.pollUntil(p.poller, () -> ready.get() == Poller.READ);
            assertEquals(-1, p.client.read(ByteBuffer.allocate(8)));
        }
    }

    @ReactorTest
    void cancelIsIdempotentAndTheSocketCanBeRegisteredAgain(ReactorProvider reactor) throws IOException {
        try (Pair p = new Pair(reactor)) {
            AtomicInteger calls = new AtomicInteger();
            Registration r = p.poller.register(p.client, Poller.WRITE, ops -> calls.incrementAndGet());
            assertThrows(IllegalStateException.class, () -> p.poller.register(p.client, Poller.READ, ops -> { }));
            r.cancel();
            r.cancel();
            assertEquals(0, p.poller.poll(50));
            assertEquals(0, calls.get());
            assertThrows(CancelledKeyException.class, () -> r.interest(Poller.READ));

            AtomicInteger again = new AtomicInteger();
            Registration r2 = p.poller.register(p.client, Poller.WRITE, again::set);
            r.cancel();
            Await.pollUntil(p.poller, () -> again.get() == Poller.WRITE);
            assertEquals(0, calls.get(), "the first registration stays cancelled");
            r2.cancel();
        }
    }

    @ReactorTest
    void registeringAgainFromAHandlerDuringAPollWorks(ReactorProvider reactor) throws IOException {
        try (Pair p = new Pair(reactor)) {
            p.poller.register(p.client, Poller.WRITE, ops -> { }).cancel();
            AtomicInteger again = new AtomicInteger();
            AtomicInteger serverCalls = new AtomicInteger();
            p.poller.register(p.server, Poller.WRITE, ops -> {
                if (serverCalls.incrementAndGet() == 1) {
                    try {
                        p.poller.register(p.client, Poller.WRITE, again::set);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            Await.pollUntil(p.poller, () -> again.get() == Poller.WRITE);
        }
    }

    @ReactorTest
    void aSocketClosedOrCancelledByAnEarlierHandlerIsSkipped(ReactorProvider reactor) throws IOException {
        try (Pair p = new Pair(reactor)) {
            AtomicInteger calls = new AtomicInteger();
            AtomicReference<Registration> serverReg = new AtomicReference<>();
            p.poller.register(p.client, Poller.WRITE, ops -> {
                calls.incrementAndGet();
                serverReg.get().cancel();
            });
            serverReg.set(p.poller.register(p.server, Poller.WRITE, ops -> {
                calls.incrementAndGet();
                try {
                    p.client.close();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }));
            Await.pollUntil(p.poller, () -> calls.get() > 0);
            assertEquals(1, calls.get(), "whichever handler ran first, the other one must be skipped");
        }
    }

    @ReactorTest
    void handlerExceptionsPropagateAndReadinessIsReportedAgain(ReactorProvider reactor) throws IOException {
        try (Pair p = new Pair(reactor)) {
            AtomicInteger calls = new AtomicInteger();
            p.poller.register(p.client, Poller.WRITE, ops -> {
                calls.incrementAndGet();
                throw new IllegalStateException("boom");
            });
            long deadline = System.nanoTime() + Await.DEADLINE_MILLIS * 1_000_000L;
            IllegalStateException e = null;
            while (e == null && System.nanoTime() - deadline < 0) {
                try {
                    p.poller.poll(20);
                } catch (IllegalStateException thrown) {
                    e = thrown;
                }
            }
            assertNotNull(e);
            assertEquals("boom", e.getMessage());
            assertThrows(IllegalStateException.class, () -> p.poller.poll(1000));
            assertEquals(2, calls.get());
        }
    }

    @ReactorTest
    void aListenerTakesOnlyReadAndNoUnknownInterestIsTaken(ReactorProvider reactor) throws IOException {
        try (Pair p = new Pair(reactor)) {
            assertThrows(IllegalArgumentException.class, () -> p.poller.register(p.listener, Poller.WRITE, ops -> { }));
            assertThrows(IllegalArgumentException.class, () -> p.poller.register(p.client, 4, ops -> { }));
        }
    }
}
