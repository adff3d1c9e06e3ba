package io.jswoole.reactor.epoll;

import io.jswoole.testing.Await;
import io.jswoole.testing.Sockets;
import io.jswoole.testing.EchoClient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.Poller;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
@SuppressWarnings("try") // resources held open for the test, not used by name
class DatagramTest {

    @Test
    void theSameSenderIsOneAddressObjectAndAnotherIsNot() throws Exception {
        try (DatagramSocket server = Loopback.REACTOR.transport().bindDatagram(Sockets.LOOPBACK, Sockets.defaults());
             DatagramSocket a = Loopback.REACTOR.transport().bindDatagram(Sockets.LOOPBACK, Sockets.defaults());
             DatagramSocket b = Loopback.REACTOR.transport().bindDatagram(Sockets.LOOPBACK, Sockets.defaults());
             Poller poller = Loopback.REACTOR.openPoller()) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(64);
            AtomicReference<SocketAddress> sender = new AtomicReference<>();
            poller.register(server, Poller.READ, ops -> sender.set(receive(server, buffer.clear())));
            SocketAddress first = exchange(a, server, poller, sender);
            assertEquals(a.localAddress(), first);
            assertSame(first, exchange(a, server, poller, sender));
            SocketAddress other = exchange(b, server, poller, sender);
            assertEquals(b.localAddress(), other);
            assertNotSame(first, other);
        }
    }

    private static SocketAddress exchange(DatagramSocket from, DatagramSocket to, Poller poller,
                                          AtomicReference<SocketAddress> sender) throws IOException {
        sender.set(null);
        assertEquals(1, from.send(ByteBuffer.wrap(new byte[] {1}), to.localAddress()));
        Await.pollUntil(poller, () -> sender.get() != null);
        return sender.get();
    }

    /** java.nio has no Unix datagram socket; this provider does, with message boundaries and senders. */
    @Test
    void unixDatagramsKeepBoundariesAndSenders(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress serverPath = UnixDomainSocketAddress.of(dir.resolve("server.sock"));
        UnixDomainSocketAddress clientPath = UnixDomainSocketAddress.of(dir.resolve("client.sock"));
        byte[] big = EchoClient.payload(200_000);
        try (DatagramSocket server = Loopback.REACTOR.transport().bindDatagram(serverPath, Sockets.defaults());
             DatagramSocket client = Loopback.REACTOR.transport().bindDatagram(clientPath, Sockets.defaults());
             Poller poller = Loopback.REACTOR.openPoller()) {
            assertEquals(serverPath, server.localAddress());
            ByteBuffer heap = ByteBuffer.allocate(256 * 1024);
            AtomicReference<SocketAddress> sender = new AtomicReference<>();
            poller.register(server, Poller.READ, ops -> sender.set(receive(server, heap)));
            assertEquals(3, client.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), serverPath));
            assertEquals(big.length, client.send(ByteBuffer.wrap(big), serverPath));
            Await.pollUntil(poller, () -> sender.get() != null);
            assertEquals(clientPath, sender.get());
            assertEquals(3, heap.position(), "one datagram per receive");
            heap.clear();
            sender.set(null);
            Await.pollUntil(poller, () -> sender.get() != null);
            assertArrayEquals(big, java.util.Arrays.copyOf(heap.array(), heap.position()));

            ByteBuffer reply = ByteBuffer.allocateDirect(8);
            assertEquals(2, server.send(ByteBuffer.wrap(new byte[] {9, 8}), sender.get()));
            Poller clientPoller = Loopback.REACTOR.openPoller();
            try (clientPoller) {
                AtomicReference<SocketAddress> from = new AtomicReference<>();
                clientPoller.register(client, Poller.READ, ops -> from.set(receive(client, reply)));
                Await.pollUntil(clientPoller, () -> from.get() != null);
                assertEquals(serverPath, from.get());
            }
            assertEquals(9, reply.get(0));
        }
        assertFalse(Files.exists(serverPath.getPath()), "a Unix datagram socket removes its file on close");
        assertFalse(Files.exists(clientPath.getPath()));
    }

    @Test
    void aStaleUnixDatagramFileIsReplacedAndALiveOneIsNot(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("dgram.sock"));
        DatagramSocket first = Loopback.REACTOR.transport().bindDatagram(path, Sockets.defaults());
        try {
            assertTrue(assertThrowsIo(() -> Loopback.REACTOR.transport().bindDatagram(path, Sockets.defaults())));
        } finally {
            // Leave the file behind, as a crashed process would.
            ((EpollSocket) first).fd.close();
        }
        assertTrue(Files.exists(path.getPath()));
        try (DatagramSocket second = Loopback.REACTOR.transport().bindDatagram(path, Sockets.defaults())) {
            assertEquals(path, second.localAddress());
        }
    }

    private interface Opening {
        AutoCloseable open() throws IOException;
    }

    private static boolean assertThrowsIo(Opening opening) throws Exception {
        try (AutoCloseable c = opening.open()) {
            return false;
        } catch (IOException expected) {
            return true;
        }
    }

    private static SocketAddress receive(DatagramSocket socket, ByteBuffer into) {
        try {
            return socket.receive(into);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
