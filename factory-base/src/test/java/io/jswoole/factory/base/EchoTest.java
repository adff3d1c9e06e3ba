package io.jswoole.factory.base;

import io.jswoole.testing.RunningServer;
import io.jswoole.testing.Clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.Server;
import io.jswoole.SocketType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Echo over every socket type base mode serves, checked with plain JDK clients. */
@Timeout(30)
class EchoTest {

    private static Server echo(String host, SocketType type) {
        Server s = new Server(host, 0, type);
        s.onReceive((srv, fd, r, data) -> srv.send(fd, data));
        s.onPacket((srv, data, client) -> srv.sendto(client, data));
        return s;
    }

    private static void tcpRoundTrips(String host, int port) throws Exception {
        try (Socket c = Clients.connect(host, port)) {
            OutputStream out = c.getOutputStream();
            InputStream in = c.getInputStream();
            for (int i = 0; i < 100; i++) {
                byte[] msg = ("hello " + i + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(msg);
                assertArrayEquals(msg, Clients.readExactly(in, msg.length));
            }
        }
    }

    @Test
    void tcpOverIpv4() throws Exception {
        try (RunningServer s = RunningServer.start(echo("127.0.0.1", SocketType.TCP))) {
            tcpRoundTrips("127.0.0.1", s.port());
        }
    }

    @Test
    void tcpOverIpv6() throws Exception {
        assumeTrue(Clients.ipv6Loopback(), "::1 is not configured");
        try (RunningServer s = RunningServer.start(echo("::1", SocketType.TCP6))) {
            tcpRoundTrips("::1", s.port());
        }
    }

    @Test
    void udp() throws Exception {
        try (RunningServer s = RunningServer.start(echo("127.0.0.1", SocketType.UDP));
             DatagramSocket c = new DatagramSocket()) {
            c.setSoTimeout(5000);
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            for (int i = 0; i < 20; i++) {
                byte[] msg = ("datagram " + i).getBytes(StandardCharsets.UTF_8);
                c.send(new DatagramPacket(msg, msg.length, lo, s.port()));
                DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
                c.receive(reply);
                assertEquals(new String(msg, StandardCharsets.UTF_8),
                        new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void udpAndTcpPortsInOneServer() throws Exception {
        Server server = echo("127.0.0.1", SocketType.UDP);
        server.listen("127.0.0.1", 0, SocketType.TCP);
        try (RunningServer s = RunningServer.start(server); DatagramSocket c = new DatagramSocket()) {
            c.setSoTimeout(5000);
            byte[] msg = "both".getBytes(StandardCharsets.UTF_8);
            c.send(new DatagramPacket(msg, msg.length, InetAddress.getByName("127.0.0.1"), s.port(0)));
            DatagramPacket reply = new DatagramPacket(new byte[64], 64);
            c.receive(reply);
            assertEquals("both", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
            tcpRoundTrips("127.0.0.1", s.port(1));
        }
    }

    @Test
    void unixStream(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        try (RunningServer s = RunningServer.start(echo(path.toString(), SocketType.UNIX_STREAM));
             SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(path));
            for (int i = 0; i < 50; i++) {
                byte[] msg = ("unix " + i).getBytes(StandardCharsets.UTF_8);
                c.write(ByteBuffer.wrap(msg));
                ByteBuffer got = ByteBuffer.allocate(msg.length);
                while (got.hasRemaining()) {
                    if (c.read(got) < 0) {
                        throw new AssertionError("closed early");
                    }
                }
                assertArrayEquals(msg, got.array());
            }
        }
        assertEquals(false, Files.exists(path), "the socket file is removed at shutdown");
    }
}
