package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import io.jswoole.testing.Sockets;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;

/** A reset, from either side, is an IOException on the next call: never end of stream, hang or crash. */
@Timeout(30)
@SuppressWarnings("try") // resources held open for the test, not used by name
class PeerResetContractTest {

    @ReactorTest
    void aResetByThePeerFailsTheNextRead(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (ListenSocket listener = Sockets.listen(reactor);
             Socket client = Sockets.connect(listener);
             StreamSocket server = Sockets.acceptOne(reactor, listener);
             Poller poller = reactor.openPoller()) {
            client.setSoLinger(true, 0);
            client.close();
            poller.register(server, Poller.READ, ops -> { });
            AtomicReference<IOException> failure = new AtomicReference<>();
            Await.pollUntil(poller, () -> {
                try {
                    if (server.read(ByteBuffer.allocate(16)) < 0) {
                        fail("end of stream instead of a reset");
                    }
                    return false;
                } catch (IOException e) {
                    failure.set(e);
                    return true;
                }
            });
            assertNotNull(failure.get());
        }
    }

    @ReactorTest
    void writingToAResetPeerFails(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (ListenSocket listener = Sockets.listen(reactor);
             Socket client = Sockets.connect(listener);
             StreamSocket server = Sockets.acceptOne(reactor, listener)) {
            client.setSoLinger(true, 0);
            client.close();
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            assertThrows(IOException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    chunk.clear();
                    server.write(chunk);
                }
            });
        }
    }

    @ReactorTest
    void abortResetsThePeer(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (ListenSocket listener = Sockets.listen(reactor);
             Socket client = Sockets.connect(listener);
             StreamSocket server = Sockets.acceptOne(reactor, listener)) {
            server.abort();
            assertThrows(SocketException.class, () -> client.getInputStream().read());
        }
    }
}
