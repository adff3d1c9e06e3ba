package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import io.jswoole.testing.Sockets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.settings.SettingsException;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** UDP through every provider; Unix datagrams where the provider has them, a named refusal where not. */
@Timeout(30)
class DatagramContractTest {

    @ReactorTest
    void udpOverIpv4WithAJdkPeer(ReactorProvider reactor) throws Exception {
        roundTrip(Reactors.requireAvailable(reactor), InetAddress.getByName("127.0.0.1"));
    }

    @ReactorTest
    void udpOverIpv6WithAJdkPeer(ReactorProvider reactor) throws Exception {
        assumeTrue(Sockets.ipv6(), "::1 is not configured");
        roundTrip(Reactors.requireAvailable(reactor), InetAddress.getByName("::1"));
    }

    private static void roundTrip(ReactorProvider reactor, InetAddress host) throws Exception {
        try (DatagramSocket server = reactor.transport().bindDatagram(new InetSocketAddress(host, 0), Sockets.defaults());
             Poller poller = reactor.openPoller();
             java.net.DatagramSocket client = new java.net.DatagramSocket(new InetSocketAddress(host, 0))) {
            client.setSoTimeout((int) Await.DEADLINE_MILLIS);
            ByteBuffer buffer = ByteBuffer.allocate(1500);
            assertNull(server.receive(buffer), "nothing to receive yet");
            AtomicReference<SocketAddress> sender = new AtomicReference<>();
            poller.register(server, Poller.READ, ops -> sender.set(receive(server, buffer)));
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(ping, ping.length, server.localAddress()));
            Await.pollUntil(poller, () -> sender.get() != null);
            assertEquals(client.getLocalSocketAddress(), sender.get());
            assertEquals("ping", new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
            assertEquals(4, server.send(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)), sender.get()));
            DatagramPacket reply = new DatagramPacket(new byte[16], 16);
            client.receive(reply);
            assertEquals("pong", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII));
        }
    }

    @ReactorTest
    void manyDatagramsBetweenTwoSocketsOfTheProvider(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        int count = 500;
        try (DatagramSocket a = reactor.transport().bindDatagram(Sockets.LOOPBACK, Sockets.defaults());
             DatagramSocket b = reactor.transport().bindDatagram(Sockets.LOOPBACK, Sockets.defaults());
             Poller poller = reactor.openPoller()) {
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            int[] next = {0};
            poller.register(b, Poller.READ, ops -> {
                while (true) {
                    in.clear();
                    if (receive(b, in) == null) {
                        return;
                    }
                    assertEquals(next[0]++, in.getInt(0), "datagrams on loopback arrive in order");
                }
            });
            // In windows: a UDP receiver whose queue is full drops what comes next.
            for (int sent = 0; sent < count; ) {
                for (int end = sent + 50; sent < end; sent++) {
                    assertEquals(4, a.send(ByteBuffer.allocate(4).putInt(0, sent), b.localAddress()));
                }
                int expected = sent;
                Await.pollUntil(poller, () -> next[0] == expected);
            }
        }
    }

    @ReactorTest
    void unixDatagramsWorkOrAreRefusedByName(ReactorProvider reactor, @TempDir Path dir) throws Exception {
        Reactors.requireAvailable(reactor);
        UnixDomainSocketAddress serverPath = UnixDomainSocketAddress.of(dir.resolve("server.sock"));
        DatagramSocket server;
        try {
            server = reactor.transport().bindDatagram(serverPath, Sockets.defaults());
        } catch (SettingsException e) {
            assertEquals("reactor", e.key(), "a provider without Unix datagrams says so under the reactor setting");
            return;
        }
        UnixDomainSocketAddress clientPath = UnixDomainSocketAddress.of(dir.resolve("client.sock"));
        try (server;
             DatagramSocket client = reactor.transport().bindDatagram(clientPath, Sockets.defaults());
             Poller poller = reactor.openPoller()) {
            ByteBuffer in = ByteBuffer.allocate(16);
            AtomicReference<SocketAddress> sender = new AtomicReference<>();
            poller.register(server, Poller.READ, ops -> sender.set(receive(server, in)));
            assertEquals(5, client.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), serverPath));
            Await.pollUntil(poller, () -> sender.get() != null);
            assertEquals(clientPath, sender.get());
            assertEquals("hello", new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
        }
    }

    private static SocketAddress receive(DatagramSocket s, ByteBuffer into) {
        try {
            return s.receive(into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
