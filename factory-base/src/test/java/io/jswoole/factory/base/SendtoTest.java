package io.jswoole.factory.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.testing.Clients;
import io.jswoole.testing.RunningServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sendto} takes IP addresses, as Swoole's does: a host name is refused (false) instead of
 * being resolved on the event loop, and literals of both families are sent.
 */
@Timeout(30)
class SendtoTest {

    @Test
    void sendsToIpv4LiteralsAndRefusesHostNames() throws Exception {
        check("127.0.0.1", SocketType.UDP, "localhost");
    }

    @Test
    void sendsToIpv6LiteralsAndRefusesHostNames() throws Exception {
        assumeTrue(Clients.ipv6Loopback(), "no IPv6 loopback here");
        check("::1", SocketType.UDP6, "ip6-localhost");
    }

    private static void check(String loopback, SocketType type, String name) throws Exception {
        Server s = new Server(loopback, 0, type);
        s.onPacket((srv, data, client) -> { });
        try (RunningServer server = RunningServer.start(s);
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            client.setSoTimeout(5000);
            int port = client.getLocalPort();
            assertFalse(s.sendto(name, port, bytes("by name")), "a host name is refused");
            assertFalse(s.sendto("localhost", port, bytes("by name")), "a host name is refused");
            assertTrue(s.sendto(loopback, port, bytes("by address")));
            DatagramPacket got = new DatagramPacket(new byte[64], 64);
            client.receive(got);
            // The first datagram to arrive is the one sent to the literal: nothing went by name.
            assertEquals("by address", new String(got.getData(), 0, got.getLength(), StandardCharsets.UTF_8));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
