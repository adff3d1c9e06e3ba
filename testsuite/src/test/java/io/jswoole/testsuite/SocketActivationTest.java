package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.testing.Clients;
import io.jswoole.testing.ServerProcess;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Socket activation under {@code systemd-socket-activate}, which binds the sockets, waits for the
 * first connection, then execs the server with them as descriptors 3, 4, ... and LISTEN_FDS and
 * LISTEN_PID set: the server takes them over instead of binding (the connection that woke it is
 * served), where it can; elsewhere start-up stops with one line saying why.
 */
@Timeout(180)
class SocketActivationTest {
    private static final Path ACTIVATE = Path.of("/usr/bin/systemd-socket-activate");
    private static final byte[] HELLO = "hello over a passed socket\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} mode, {2} workers, udp port: {3}")
    @CsvSource({"base, epoll, 1, false", "base, epoll, 2, true", "process, epoll, 2, true"})
    void aPassedSocketServes(String mode, String reactor, int workers, boolean udp) throws Exception {
        int port = Clients.freePort();
        try (ServerProcess server = start(port, udp, udp, mode, reactor, workers)) {
            try (Socket client = Clients.connect("127.0.0.1", port)) {
                client.setSoTimeout(60_000); // the server starts only now
                client.getOutputStream().write(HELLO);
                assertArrayEquals(HELLO, Clients.readExactly(client.getInputStream(), HELLO.length),
                        () -> String.join("\n", server.lines()));
            }
            server.awaitLine(l -> l.contains("listening on 127.0.0.1:" + port + " (TCP), a socket passed by systemd"), 5_000);
            if (udp) {
                server.awaitLine(l -> l.contains("listening on 127.0.0.1:" + port + " (UDP), a socket passed by systemd"),
                        5_000);
                try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                    client.setSoTimeout(30_000);
                    client.send(new DatagramPacket(HELLO, HELLO.length, new InetSocketAddress("127.0.0.1", port)));
                    DatagramPacket reply = new DatagramPacket(new byte[100], 100);
                    client.receive(reply);
                    assertArrayEquals(HELLO, Arrays.copyOf(reply.getData(), reply.getLength()));
                }
            }
            // Base-mode workers take the master's sockets, which are systemd's.
            assertTrue(server.lines().stream().noneMatch(l -> l.contains("(TCP)") && !l.contains("passed by systemd")
                    && !l.contains("shared with the master")), "a port was bound instead of taken over");
        }
    }

    /** A Unix stream socket is matched by its path; its file is systemd's, left in place at shutdown. */
    @Test
    void aPassedUnixSocketServesAndItsFileStays() throws Exception {
        Path path = dir.resolve("echo.sock");
        assumeTrue(Files.isExecutable(ACTIVATE), ACTIVATE + " is not installed (Debian's systemd package)");
        try (ServerProcess server = ServerProcess.start(List.of(ACTIVATE.toString(), "--listen=" + path), List.of(), dir,
                SystemdApp.class, "base", "epoll", "1", "unix:" + path)) {
            server.awaitLine(l -> l.startsWith("Listening on " + path), 20_000);
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                client.write(ByteBuffer.wrap(HELLO));
                ByteBuffer reply = ByteBuffer.allocate(HELLO.length);
                while (reply.hasRemaining() && client.read(reply) >= 0) {
                    // blocking reads until the echo is whole (the class's @Timeout interrupts them)
                }
                assertArrayEquals(HELLO, reply.array(), () -> String.join("\n", server.lines()));
            }
            server.awaitLine(l -> l.contains("a socket passed by systemd"), 5_000);
            server.master().destroy();
            assertTrue(server.master().waitFor(60, TimeUnit.SECONDS), "the server did not stop");
            assertTrue(Files.exists(path), "the server removed systemd's socket file");
        }
    }

    @ParameterizedTest(name = "{0} mode, {1}, {2} workers, udp port: {3}")
    @CsvSource(delimiter = '|', value = {
            "base | nio | 1 | false | socket activation needs reactor=epoll: the nio reactor works on JDK channels",
            "process | nio | 2 | false | socket activation needs reactor=epoll",
            "base | epoll | 1 | true | 1 socket passed (fd 3 stream 127.0.0.1:"})
    void whatCannotTakeThemOverStopsStartUp(String mode, String reactor, int workers, boolean udp, String why)
            throws Exception {
        int port = Clients.freePort();
        // Only a TCP socket is passed: with a UDP port too, the count does not match.
        try (ServerProcess server = start(port, false, udp, mode, reactor, workers)) {
            try (Socket wake = Clients.connect("127.0.0.1", port)) {
                assertTrue(server.master().waitFor(60, TimeUnit.SECONDS), "the server did not stop");
            }
            assertNotEquals(0, server.master().exitValue());
            server.awaitLine(l -> l.contains(why), 5_000);
            assertTrue(server.lines().stream().noneMatch(l -> l.contains("listening on")), "it bound a port");
        }
    }

    /**
     * The server under {@code systemd-socket-activate -l 127.0.0.1:PORT} (and with {@code passUdp} a
     * second one with {@code --datagram}, which passes the first one's socket on), with a UDP port
     * of its own if {@code appUdp}. Returns once the TCP socket listens.
     */
    private ServerProcess start(int port, boolean passUdp, boolean appUdp, String mode, String reactor, int workers)
            throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(ACTIVATE), ACTIVATE + " is not installed (Debian's systemd package)");
        List<String> prefix = new ArrayList<>(List.of(ACTIVATE.toString(), "--listen=127.0.0.1:" + port));
        if (passUdp) {
            prefix.addAll(List.of(ACTIVATE.toString(), "--datagram", "--listen=127.0.0.1:" + port));
        }
        List<String> args = new ArrayList<>(List.of(mode, reactor, Integer.toString(workers)));
        if (appUdp) {
            args.add("udp");
        }
        ServerProcess server = ServerProcess.start(prefix, List.of(), dir, SystemdApp.class, args.toArray(String[]::new));
        try {
            server.awaitLine(l -> l.startsWith("Listening on 127.0.0.1:" + port), 20_000);
        } catch (AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }
}
