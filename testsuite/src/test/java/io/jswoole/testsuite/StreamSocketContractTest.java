package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.testing.Await;
import io.jswoole.testing.EchoClient;
import io.jswoole.testing.Sockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** What every provider's stream sockets do: connecting, refusal, gathering writes. */
@Timeout(60)
@SuppressWarnings("try") // resources held open for the test, not used by name
class StreamSocketContractTest {

    @ReactorTest
    void connectReturnsANonBlockingConnectedSocket(ReactorProvider reactor) throws Exception {
        try (ListenSocket listener = Sockets.listen(reactor);
             StreamSocket client = reactor.transport().connect(listener.localAddress());
             StreamSocket server = Sockets.acceptOne(reactor, listener)) {
            assertEquals(listener.localAddress(), client.remoteAddress());
            assertEquals(client.localAddress(), server.remoteAddress());
            assertEquals(server.localAddress(), client.remoteAddress());
            assertEquals(0, client.read(ByteBuffer.allocate(16)), "no data: a non-blocking read returns 0");
        }
    }

    @ReactorTest
    void connectionRefusedIsAConnectException(ReactorProvider reactor) throws Exception {
        InetSocketAddress unused;
        try (ListenSocket listener = Sockets.listen(reactor)) {
            unused = (InetSocketAddress) listener.localAddress();
        }
        assertThrows(ConnectException.class, () -> reactor.transport().connect(unused).close());
    }

    /** Heap and direct buffers mixed, more heap bytes than one scratch buffer: all arrive, in order. */
    @ReactorTest
    void gatheringWritesMixHeapAndDirectBuffers(ReactorProvider reactor) throws Exception {
        byte[] payload = EchoClient.payload(300_000);
        ByteBuffer[] parts = {
            ByteBuffer.wrap(payload, 0, 10),
            ByteBuffer.allocateDirect(20).put(payload, 10, 20).flip(),
            ByteBuffer.wrap(payload, 30, 100_000),
            ByteBuffer.wrap(payload, 100_030, 0),
            ByteBuffer.allocateDirect(70).put(payload, 100_030, 70).flip(),
            ByteBuffer.wrap(payload, 100_100, 199_900),
        };
        try (ListenSocket listener = Sockets.listen(reactor);
             Socket client = Sockets.connect(listener);
             StreamSocket server = Sockets.acceptOne(reactor, listener)) {
            FutureTask<Void> writer = new FutureTask<>(() -> {
                try (Poller poller = reactor.openPoller()) {
                    poller.register(server, Poller.WRITE, ops -> { });
                    long[] written = {0};
                    Await.pollUntil(poller, () -> {
                        try {
                            written[0] += server.write(parts, 0, parts.length);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return written[0] == payload.length;
                    });
                    server.shutdownOutput();
                }
                return null;
            });
            Thread thread = new Thread(writer, "gathering-writer");
            thread.setDaemon(true);
            thread.start();
            byte[] received = client.getInputStream().readAllBytes();
            writer.get(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS); // the writer's failure fails the test
            assertArrayEquals(payload, received);
        }
    }
}
