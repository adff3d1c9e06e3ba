package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.testing.Clients;
import io.jswoole.testing.Flood;
import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The foundation's echo checks, in process mode, for reactor_num 1 and 2 and worker_num 1 to 4:
 * TCP over IPv4 and IPv6, UDP, a Unix socket, 1,000 concurrent connections × 100 messages, clients
 * that reset at once, and a client that writes 10 MiB without reading.
 */
@Timeout(180)
class ProcessModeEchoTest {
    @TempDir
    Path dir;

    @SettingEffect(keys = {"reactor_num", "worker_num", "socket_buffer_size"}, modes = "process")

    @ParameterizedTest(name = "reactor_num={0} worker_num={1}")
    @CsvSource({"1, 1", "1, 2", "2, 3", "2, 4"})
    void echoesLikeBaseMode(int reactors, int workers) throws Exception {
        Path unix = dir.resolve("echo.sock");
        boolean v6 = Clients.ipv6Loopback();
        try (ServerProcess server = ServerProcess.start(dir, ProcessApp.class, "reactor_num=" + reactors,
                "worker_num=" + workers, "ipv6=" + v6, "unix=" + unix,
                // small buffers, so that the flood shows back-pressure rather than kernel buffering
                "socket_buffer_size=256K", "kernel_socket_recv_buffer_size=64K", "kernel_socket_send_buffer_size=64K")) {
            int port = server.port("TCP");
            server.awaitLines(l -> l.startsWith("onWorkerStart"), workers, 30_000);
            assertEquals(reactors, reactorThreads(server.master().pid()), "reactor threads in the master");
            roundTrips("127.0.0.1", port);
            if (v6) {
                roundTrips("::1", server.port("TCP6"));
            }
            udp(server.port("UDP"));
            unixStream(unix);
            concurrent(port, 1000, 100);
            resets(port);
            flood(port);
        }
    }

    /** onReceiveBuffer works in process mode too: the worker gets a view of its pipe's buffer. */
    @Test
    void echoesWithTheViewFormOfOnReceive() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, ProcessApp.class, "worker_num=2", "view=true")) {
            int port = server.port("TCP");
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, 30_000);
            roundTrips("127.0.0.1", port);
            concurrent(port, 100, 100);
        }
    }

    /** The master's threads named jswoole-reactor-N (the kernel keeps 15 characters of a thread's name). */
    private static long reactorThreads(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).startsWith("jswoole-reactor");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    private static void roundTrips(String host, int port) throws Exception {
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
    void sendtoTakesAnIpAddressAndRefusesAHostName() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, ProcessApp.class, "worker_num=1");
             DatagramSocket c = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            int port = server.port("UDP");
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 1, 30_000);
            c.setSoTimeout(5000);
            assertEquals("sendto=false", ask(c, port, "sendto localhost"));
            assertTrue(server.awaitLine(l -> l.contains("\"localhost\" is not an IP address"), 5000) != null);
            assertEquals("direct", ask(c, port, "sendto 127.0.0.1"), "the datagram sent to the literal comes first");
            DatagramPacket reply = new DatagramPacket(new byte[64], 64);
            c.receive(reply);
            assertEquals("sendto=true", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
        }
    }

    private static String ask(DatagramSocket c, int port, String text) throws Exception {
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        c.send(new DatagramPacket(msg, msg.length, InetAddress.getByName("127.0.0.1"), port));
        DatagramPacket reply = new DatagramPacket(new byte[64], 64);
        c.receive(reply);
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
    }

    private static void udp(int port) throws Exception {
        try (DatagramSocket c = new DatagramSocket()) {
            c.setSoTimeout(5000);
            for (int i = 0; i < 20; i++) {
                byte[] msg = ("datagram " + i).getBytes(StandardCharsets.UTF_8);
                c.send(new DatagramPacket(msg, msg.length, InetAddress.getByName("127.0.0.1"), port));
                DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
                c.receive(reply);
                assertEquals(new String(msg, StandardCharsets.UTF_8),
                        new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
            }
        }
    }

    private static void unixStream(Path path) throws Exception {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(path));
            for (int i = 0; i < 50; i++) {
                byte[] msg = ("unix " + i).getBytes(StandardCharsets.UTF_8);
                c.write(ByteBuffer.wrap(msg));
                ByteBuffer got = ByteBuffer.allocate(msg.length);
                while (got.hasRemaining()) {
                    assertTrue(c.read(got) >= 0, "closed early");
                }
                assertArrayEquals(msg, got.array());
            }
        }
    }

    private static void concurrent(int port, int connections, int messages) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            for (int i = 0; i < connections; i++) {
                sockets.add(Clients.connect("127.0.0.1", port));
            }
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int m = 0; m < messages; m++) {
                        for (int c = first; c < connections; c += 32) {
                            byte[] msg = ByteBuffer.allocate(12).putInt(c).putInt(m).putInt(~c).array();
                            Socket sock = sockets.get(c);
                            sock.getOutputStream().write(msg);
                            assertArrayEquals(msg, Clients.readExactly(sock.getInputStream(), msg.length));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(150, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private static void resets(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            Socket c = Clients.connect("127.0.0.1", port);
            c.setSoLinger(true, 0);
            if (i % 2 == 0) {
                c.getOutputStream().write(new byte[] {1, 2, 3});
            }
            c.close();
        }
        roundTrips("127.0.0.1", port); // still serving
    }

    /** 10 MiB written without reading: pushed back, nothing lost, all of it echoed once read. */
    private static void flood(int port) throws Exception {
        int total = 10 << 20;
        try (Socket c = Clients.connect("127.0.0.1", port)) {
            c.setReceiveBufferSize(64 * 1024);
            Flood flood = Flood.start(c, total);
            long stalled = flood.awaitStalled();
            assertTrue(stalled > 0 && stalled < total, "the writer is pushed back after " + stalled);
            assertEquals(total, flood.readBackAndJoin(), "every byte back, in order");
        }
    }
}
