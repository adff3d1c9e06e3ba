package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import io.jswoole.testing.EchoServer;
import io.jswoole.testing.Sockets;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/** Thousands of connections open at once, every one echoing its own message. */
@Timeout(120)
class ManyConnectionsContractTest {
    private static final int CONNECTIONS = 2_000;

    @ReactorTest
    void twoThousandConnectionsAtOnce(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        List<StreamSocket> clients = new ArrayList<>(CONNECTIONS);
        try (EchoServer server = new EchoServer(reactor, Sockets.listen(reactor));
             Poller poller = reactor.openPoller()) {
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(reactor.transport().connect(server.address()));
            }
            Await.until(() -> server.accepted() == CONNECTIONS);
            int[] echoed = {0};
            for (int i = 0; i < CONNECTIONS; i++) {
                StreamSocket client = clients.get(i);
                long expected = 0x5eed_0000_0000_0000L | i;
                ByteBuffer in = ByteBuffer.allocate(8);
                poller.register(client, Poller.READ, ops -> {
                    if (read(client, in) && !in.hasRemaining()) {
                        assertEquals(expected, in.getLong(0), "the echo of connection " + expected);
                        echoed[0]++;
                    }
                });
                assertEquals(8, client.write(ByteBuffer.allocate(8).putLong(0, expected)));
            }
            Await.pollUntil(poller, () -> echoed[0] == CONNECTIONS);
            assertEquals(CONNECTIONS, server.accepted(), "no connection was lost or duplicated");
        } finally {
            for (StreamSocket c : clients) {
                c.close();
            }
        }
    }

    private static boolean read(StreamSocket socket, ByteBuffer into) {
        try {
            return socket.read(into) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
