package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import io.jswoole.testing.Sockets;
import io.jswoole.testing.RunningServer;
import io.jswoole.testing.EchoClient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.settings.Keys;
import io.jswoole.spi.reactor.ReactorProvider;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A base-mode Server echoing on each reactor, chosen with the {@code reactor} setting. */
@Timeout(60)
@SuppressWarnings("try") // resources held open for the test, not used by name
class ServerEchoTest {

    static Server echo(ReactorProvider reactor, String host, SocketType type) {
        Server s = new Server(host, 0, type);
        s.set(Keys.REACTOR, reactor.name());
        s.onReceive((srv, fd, r, data) -> srv.send(fd, data));
        s.onPacket((srv, data, client) -> srv.sendto(client, data));
        return s;
    }

    @ReactorTest
    void tcpRoundTripsAndALargeMessage(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (RunningServer s = RunningServer.start(echo(reactor, "127.0.0.1", SocketType.TCP));
             Socket c = Clients.connect("127.0.0.1", s.port())) {
            roundTrips(c, 100);
            byte[] big = EchoClient.payload(256 * 1024);
            c.getOutputStream().write(big);
            assertArrayEquals(big, Clients.readExactly(c.getInputStream(), big.length));
        }
    }

    @ReactorTest
    void tcpOverIpv6(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        assumeTrue(Sockets.ipv6(), "::1 is not configured");
        try (RunningServer s = RunningServer.start(echo(reactor, "::1", SocketType.TCP6));
             Socket c = Clients.connect("::1", s.port())) {
            roundTrips(c, 20);
        }
    }

    @ReactorTest
    void pipelinedMessagesComeBackInOrder(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (RunningServer s = RunningServer.start(echo(reactor, "127.0.0.1", SocketType.TCP));
             Socket c = Clients.connect("127.0.0.1", s.port())) {
            byte[] batch = new byte[16 * 64];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = (byte) (i * 7);
            }
            for (int round = 0; round < 50; round++) {
                c.getOutputStream().write(batch);
                assertArrayEquals(batch, Clients.readExactly(c.getInputStream(), batch.length));
            }
        }
    }

    @ReactorTest
    void twoHundredClientsAtOnce(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        int clients = 200;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Socket> sockets = new ArrayList<>();
        try (RunningServer s = RunningServer.start(echo(reactor, "127.0.0.1", SocketType.TCP))) {
            for (int i = 0; i < clients; i++) {
                sockets.add(Clients.connect("127.0.0.1", s.port()));
            }
            List<Future<?>> done = new ArrayList<>();
            for (Socket c : sockets) {
                done.add(pool.submit(() -> {
                    roundTrips(c, 20);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
            }
            assertEquals((long) clients * 20, s.server().stats().requestCount());
        } finally {
            pool.shutdownNow();
            for (Socket c : sockets) {
                c.close();
            }
        }
    }

    @ReactorTest
    void udp(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (RunningServer s = RunningServer.start(echo(reactor, "127.0.0.1", SocketType.UDP));
             DatagramSocket c = new DatagramSocket()) {
            c.setSoTimeout((int) Await.DEADLINE_MILLIS);
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

    @ReactorTest
    void unixStream(ReactorProvider reactor, @TempDir Path dir) throws Exception {
        Reactors.requireAvailable(reactor);
        Path path = dir.resolve("echo.sock");
        try (RunningServer s = RunningServer.start(echo(reactor, path.toString(), SocketType.UNIX_STREAM));
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
        assertFalse(Files.exists(path), "the socket file is removed at shutdown");
    }

    static void roundTrips(Socket c, int count) throws Exception {
        OutputStream out = c.getOutputStream();
        InputStream in = c.getInputStream();
        for (int i = 0; i < count; i++) {
            byte[] msg = ("hello " + i + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(msg);
            assertArrayEquals(msg, Clients.readExactly(in, msg.length));
        }
    }
}
