package io.jswoole.reactor.epoll;

import io.jswoole.testing.EchoClient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@SuppressWarnings("try") // resources held open for the test, not used by name
class TcpTest {

    @ParameterizedTest(name = "direct buffers: {0}")
    @ValueSource(booleans = {false, true})
    void echoesOverIpv4(boolean direct) throws Exception {
        echo(InetAddress.getByName("127.0.0.1"), direct);
    }

    @Test
    void echoesOverIpv6() throws Exception {
        assumeTrue(Loopback.ipv6(), "::1 is not configured");
        echo(InetAddress.getByName("::1"), true);
    }

    private static void echo(InetAddress host, boolean direct) throws Exception {
        ListenSocket listener = Loopback.REACTOR.transport().listen(new InetSocketAddress(host, 0), Loopback.defaults());
        try (EchoServer server = new EchoServer(Loopback.REACTOR, listener, direct)) {
            InetSocketAddress bound = (InetSocketAddress) server.address();
            assertEquals(host, bound.getAddress());
            for (int size : new int[] {1, 1 << 20}) {
                try (Socket s = new Socket(host, bound.getPort())) {
                    s.setSoTimeout((int) Await.DEADLINE_MILLIS);
                    EchoClient.assertEchoes(s.getInputStream(), s.getOutputStream(), s::shutdownOutput,
                            EchoClient.payload(size));
                }
            }
        }
    }

    @Test
    void abortResetsTheConnection() throws Exception {
        try (ListenSocket listener = Loopback.listen();
             Socket client = Loopback.connect(listener);
             StreamSocket server = Loopback.acceptOne(listener)) {
            server.abort();
            assertThrows(SocketException.class, () -> client.getInputStream().read());
            assertThrows(ClosedChannelException.class, () -> server.read(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void aPeerResetIsANamedError() throws Exception {
        try (ListenSocket listener = Loopback.listen();
             Socket client = Loopback.connect(listener);
             StreamSocket server = Loopback.acceptOne(listener)) {
            client.setSoLinger(true, 0);
            client.close();
            NativeIoException e = assertThrows(NativeIoException.class, () -> readUntilError(server));
            assertEquals("ECONNRESET", e.errnoName());
        }
    }

    @Test
    void writingToAClosedPeerFailsWithoutSigpipe() throws Exception {
        try (ListenSocket listener = Loopback.listen();
             Socket client = Loopback.connect(listener);
             StreamSocket server = Loopback.acceptOne(listener)) {
            client.close();
            ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
            IOException e = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    chunk.clear();
                    server.write(chunk);
                }
            });
            String name = assertInstanceOf(NativeIoException.class, e).errnoName();
            assertTrue(name.equals("EPIPE") || name.equals("ECONNRESET"), name);
        }
    }

    @Test
    void shutdownOutputEndsThePeersStreamButKeepsReading() throws Exception {
        try (ListenSocket listener = Loopback.listen();
             Socket client = Loopback.connect(listener);
             StreamSocket server = Loopback.acceptOne(listener)) {
            server.shutdownOutput();
            assertEquals(-1, client.getInputStream().read());
            client.getOutputStream().write(7);
            ByteBuffer in = ByteBuffer.allocate(4);
            try (Poller poller = Loopback.REACTOR.openPoller()) {
                poller.register(server, Poller.READ, ops -> { });
                Await.pollUntil(poller, () -> read(server, in) > 0);
            }
            assertEquals(7, in.get(0));
        }
    }

    @Test
    void connectReturnsANonBlockingConnectedSocket() throws Exception {
        try (ListenSocket listener = Loopback.listen();
             StreamSocket client = Loopback.REACTOR.transport().connect(listener.localAddress());
             StreamSocket server = Loopback.acceptOne(listener)) {
            assertEquals(listener.localAddress(), client.remoteAddress());
            assertEquals(client.localAddress(), server.remoteAddress());
            assertEquals(server.localAddress(), client.remoteAddress());
            assertEquals(0, client.read(ByteBuffer.allocate(16)), "no data: a non-blocking read returns 0");
        }
    }

    @Test
    void connectionRefusedIsAConnectException() throws Exception {
        InetSocketAddress unused;
        try (ListenSocket listener = Loopback.listen()) {
            unused = (InetSocketAddress) listener.localAddress();
        }
        assertThrows(java.net.ConnectException.class, () -> Loopback.REACTOR.transport().connect(unused).close());
    }

    /** Heap and direct buffers mixed, more heap bytes than one scratch buffer: all arrive, in order. */
    @Test
    void gatheringWritesMixHeapAndDirectBuffers() throws Exception {
        byte[] payload = EchoClient.payload(300_000);
        ByteBuffer[] parts = {
            ByteBuffer.wrap(payload, 0, 10),
            ByteBuffer.allocateDirect(20).put(payload, 10, 20).flip(),
            ByteBuffer.wrap(payload, 30, 100_000),
            ByteBuffer.wrap(payload, 100_030, 0),
            ByteBuffer.allocateDirect(70).put(payload, 100_030, 70).flip(),
            ByteBuffer.wrap(payload, 100_100, 199_900),
        };
        try (ListenSocket listener = Loopback.listen();
             Socket client = Loopback.connect(listener);
             StreamSocket server = Loopback.acceptOne(listener)) {
            Thread writer = new Thread(() -> {
                try (Poller poller = Loopback.REACTOR.openPoller()) {
                    poller.register(server, Poller.WRITE, ops -> { });
                    long[] written = {0};
                    Await.pollUntil(poller, () -> {
                        try {
                            written[0] += server.write(parts, 0, parts.length);
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                        return written[0] == payload.length;
                    });
                    server.shutdownOutput();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }, "gathering-writer");
            writer.start();
            InputStream in = client.getInputStream();
            assertArrayEquals(payload, in.readAllBytes());
            writer.join(Await.DEADLINE_MILLIS);
        }
    }

    @Test
    void everyDescriptorIsCloseOnExec() throws Exception {
        Set<Integer> before = openDescriptors();
        try (ListenSocket listener = Loopback.listen();
             StreamSocket client = Loopback.REACTOR.transport().connect(listener.localAddress());
             StreamSocket server = Loopback.acceptOne(listener);
             Poller poller = Loopback.REACTOR.openPoller()) {
            Set<Integer> opened = openDescriptors();
            opened.removeAll(before);
            assertTrue(opened.size() >= 5, "listener, client, server, epoll and eventfd: " + opened);
            for (int fd : opened) {
                assertCloseOnExec(fd);
            }
        }
    }

    private static Set<Integer> openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(p -> Integer.valueOf(p.getFileName().toString())).collect(Collectors.toCollection(HashSet::new));
        }
    }

    private static void assertCloseOnExec(int fd) throws IOException {
        Path info = Path.of("/proc/self/fdinfo/" + fd);
        if (!Files.exists(info)) {
            return; // the descriptor of the directory listing itself
        }
        String flags = Files.readAllLines(info).stream()
                .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow().substring(6).trim();
        assertTrue((Integer.parseInt(flags, 8) & 02000000) != 0, "fd " + fd + " flags " + flags);
    }

    private static void readUntilError(StreamSocket socket) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        try (Poller poller = Loopback.REACTOR.openPoller()) {
            poller.register(socket, Poller.READ, ops -> { });
            long deadline = System.nanoTime() + Await.DEADLINE_MILLIS * 1_000_000L;
            while (System.nanoTime() - deadline < 0) {
                poller.poll(20);
                buffer.clear();
                if (socket.read(buffer) < 0) {
                    throw new AssertionError("end of stream instead of a reset");
                }
            }
        }
        throw new AssertionError("no error within the deadline");
    }

    private static int read(StreamSocket socket, ByteBuffer into) {
        try {
            return socket.read(into);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
