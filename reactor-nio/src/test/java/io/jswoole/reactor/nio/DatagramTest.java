package io.jswoole.reactor.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.settings.SettingsException;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.Poller;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DatagramTest {
    private final NioReactorProvider reactor = new NioReactorProvider();

    @Test
    void roundTripOverIpv4() throws Exception {
        roundTrip(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void roundTripOverIpv6() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        assumeTrue(TcpTest.canBind(v6), "::1 cannot be bound here");
        roundTrip(v6);
    }

    private void roundTrip(InetAddress host) throws Exception {
        try (DatagramSocket server = reactor.transport().bindDatagram(new InetSocketAddress(host, 0), TcpTest.defaults());
             Poller poller = reactor.openPoller();
             java.net.DatagramSocket client = new java.net.DatagramSocket(new InetSocketAddress(host, 0))) {
            client.setSoTimeout((int) Await.DEADLINE_MILLIS);
            ByteBuffer buffer = ByteBuffer.allocate(1500);
            assertNull(server.receive(buffer), "nothing is ready yet");

            AtomicReference<SocketAddress> sender = new AtomicReference<>();
            poller.register(server, Poller.READ, ops -> {
                try {
                    sender.set(server.receive(buffer));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
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

    @Test
    void refusesUnixDatagramSockets(@TempDir Path dir) {
        SettingsException e = assertThrows(SettingsException.class, () -> reactor.transport()
                .bindDatagram(UnixDomainSocketAddress.of(dir.resolve("dgram.sock")), TcpTest.defaults()));
        assertEquals("reactor", e.key());
        assertTrue(e.getMessage().contains("reactor=epoll"), e.getMessage());
    }
}
