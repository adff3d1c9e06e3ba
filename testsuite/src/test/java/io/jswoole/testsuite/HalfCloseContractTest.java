package io.jswoole.testsuite;

import io.jswoole.testing.Sockets;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;

/** shutdownOutput ends one direction only: the peer sees end of stream, the other direction goes on. */
@Timeout(30)
class HalfCloseContractTest {

    @ReactorTest
    void shutdownOutputReachesThePeerAsEndOfStreamAndReadingContinues(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (ListenSocket listener = Sockets.listen(reactor);
             Socket client = Sockets.connect(listener);
             StreamSocket server = Sockets.acceptOne(reactor, listener);
             Poller poller = reactor.openPoller()) {
            server.write(ByteBuffer.wrap(new byte[] {1, 2}));
            server.shutdownOutput();
            InputStream in = client.getInputStream();
            assertEquals(1, in.read());
            assertEquals(2, in.read());
            assertEquals(-1, in.read(), "the peer sees end of stream");

            client.getOutputStream().write(new byte[] {7, 8, 9});
            poller.register(server, Poller.READ, ops -> { });
            ByteBuffer got = ByteBuffer.allocate(3);
            assertEquals(3, Sockets.readFully(poller, server, got));
            assertEquals(9, got.get(2));
        }
    }

    @ReactorTest
    void thePeersEndOfStreamIsReportedAsReadAndWritingContinues(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (ListenSocket listener = Sockets.listen(reactor);
             Socket client = Sockets.connect(listener);
             StreamSocket server = Sockets.acceptOne(reactor, listener);
             Poller poller = reactor.openPoller()) {
            OutputStream out = client.getOutputStream();
            out.write(5);
            client.shutdownOutput();
            AtomicInteger ready = new AtomicInteger();
            poller.register(server, Poller.READ, ready::set);
            ByteBuffer got = ByteBuffer.allocate(8);
            assertEquals(-1, Sockets.readFully(poller, server, got), "end of stream after the data");
            assertEquals(Poller.READ, ready.get());
            assertEquals(5, got.get(0));

            server.write(ByteBuffer.wrap(new byte[] {6}));
            assertEquals(6, client.getInputStream().read());
        }
    }
}
