package io.jswoole.reactor.epoll;

import io.jswoole.testing.Await;
import io.jswoole.testing.EchoServer;
import io.jswoole.testing.Sockets;
import io.jswoole.testing.EchoClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.linux.NativeIoException;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@SuppressWarnings("try") // resources held open for the test, not used by name
class TcpTest {

    /** The contract suite echoes through heap buffers; this takes the direct-buffer path of the socket. */
    @Test
    void echoesThroughDirectBuffers() throws Exception {
        InetAddress host = InetAddress.getByName("127.0.0.1");
        ListenSocket listener = Loopback.listen();
        try (EchoServer server = new EchoServer(Loopback.REACTOR, listener, true)) {
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
    void aPeerResetIsANamedError() throws Exception {
        try (ListenSocket listener = Loopback.listen();
             Socket client = Sockets.connect(listener);
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
             Socket client = Sockets.connect(listener);
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

    /** The descriptors open now, without the one the listing itself used (closed, and free for reuse, after it). */
    private static Set<Integer> openDescriptors() throws IOException {
        Set<Integer> open;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            open = fds.map(p -> Integer.valueOf(p.getFileName().toString())).collect(Collectors.toCollection(HashSet::new));
        }
        open.removeIf(fd -> !Files.exists(Path.of("/proc/self/fdinfo/" + fd)));
        return open;
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

}
