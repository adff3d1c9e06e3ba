package io.jswoole.reactor.nio;

import io.jswoole.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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









}
