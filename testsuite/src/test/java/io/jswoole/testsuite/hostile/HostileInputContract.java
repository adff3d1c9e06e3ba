package io.jswoole.testsuite.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jswoole.testing.Clients;
import io.jswoole.testing.EchoClient;
import io.jswoole.testsuite.Reactors;
import io.jswoole.testsuite.hostile.HostileApp.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Malformed and hostile input against every port type of one server (a mode on a reactor; the
 * subclasses choose): only the offending connection closes, with one log line naming the reason,
 * the other connections keep being served, and no process of the server dies or grows past
 * {@link HostileServer#MAX_RSS_KIB}. One server serves all cases of a class; every case leaves it as
 * it found it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class HostileInputContract {
    private static final long DEADLINE_MILLIS = 20_000;
    private static final int IDLE_CONNECTIONS = 10_000;
    private static final long DATAGRAM_ANSWER_MILLIS = 3_000;

    @TempDir
    Path runBase;
    /** The directory of the Unix stream port's socket file. */
    private Path unixDir;
    private HostileServer server;

    /** "base" or "process". */
    abstract String mode();

    /** A Reactor provider's name. */
    abstract String reactor();

    @BeforeAll
    void startServer() throws Exception {
        Reactors.requireAvailable(reactor());
        unixDir = Files.createTempDirectory("jswoole-hostile");
        server = HostileServer.start(runBase, mode(), reactor(), unixPath());
    }

    @AfterAll
    void stopServer() throws InterruptedException, IOException {
        if (server != null) {
            server.close();
        }
        if (unixDir != null) {
            Files.deleteIfExists(unixPath());
            Files.deleteIfExists(unixDir);
        }
    }

    private Path unixPath() {
        return unixDir.resolve("hostile.sock");
    }

    @AfterEach
    void serverIsHealthy() throws IOException {
        if (server != null) {
            server.assertHealthy();
        }
    }

    // ------------------------------------------------------------------ length framing

    @Test
    void lengthFieldOfFourGigabytesClosesOnlyThatConnection() throws Exception {
        int since = server.lines().size();
        try (Bystander other = new Bystander(Kind.LENGTH); Socket bad = connect(Kind.LENGTH)) {
            bad.getOutputStream().write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 1, 2, 3});
            assertClosedByServer(bad);
            other.assertServed();
            assertOneLine(since, bad, "larger than package_max_length");
        }
    }

    @Test
    void lengthFieldPastPackageMaxLengthClosesOnlyThatConnection() throws Exception {
        int since = server.lines().size();
        try (Bystander other = new Bystander(Kind.LENGTH); Socket bad = connect(Kind.LENGTH)) {
            int body = HostileApp.MAX_PACKET - 4 + 1;
            bad.getOutputStream().write(ByteBuffer.allocate(4 + 1000).putInt(body).array());
            assertClosedByServer(bad);
            other.assertServed();
            assertOneLine(since, bad, "larger than package_max_length " + HostileApp.MAX_PACKET);
        }
    }

    @Test
    void headerSentByteByByteIsFramedAndAnswered() throws Exception {
        try (Socket c = connect(Kind.LENGTH)) {
            byte[] packet = lengthPacket(EchoClient.payload(3000));
            var out = c.getOutputStream();
            for (int i = 0; i < 4; i++) {
                out.write(packet[i]);
                out.flush();
                Thread.sleep(15); // pacing: each byte in a segment, and a read, of its own
            }
            out.write(packet, 4, 1000);
            out.flush();
            Thread.sleep(15);
            out.write(packet, 1004, packet.length - 1004);
            assertArrayEquals(packet, Clients.readExactly(c.getInputStream(), packet.length));
            byte[] next = lengthPacket("and the next one whole".getBytes(StandardCharsets.US_ASCII));
            out.write(next);
            assertArrayEquals(next, Clients.readExactly(c.getInputStream(), next.length));
        }
    }

    // ------------------------------------------------------------------ a Unix stream port

    @Test
    void unixLengthFieldPastTheLimitClosesOnlyThatConnection() throws Exception {
        Path path = unixPath();
        try (SocketChannel other = unix(path); SocketChannel bad = unix(path)) {
            assertUnixEcho(other, "before");
            String onThisPort = " on " + path;
            Predicate<String> closedForLength = l -> l.contains(onThisPort) && l.contains(" closed: ");
            int before = server.lines(closedForLength).size();
            writeAll(bad, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 1, 2, 3});
            readUnix(bad, -1); // up to the server's close
            assertUnixEcho(other, "after");
            server.awaitLine(l -> closedForLength.test(l) && server.lines(closedForLength).size() > before, DEADLINE_MILLIS);
            List<String> lines = server.lines(closedForLength);
            assertEquals(before + 1, lines.size(), "one line for the offender: " + lines);
            assertTrue(lines.get(lines.size() - 1).contains("larger than package_max_length"), lines.get(lines.size() - 1));
        }
    }

    @Test
    void unixHeaderSentByteByByteIsFramedAndAnswered() throws Exception {
        try (SocketChannel c = unix(unixPath())) {
            byte[] packet = lengthPacket(EchoClient.payload(3000));
            for (int i = 0; i < 4; i++) {
                writeAll(c, new byte[] {packet[i]});
                Thread.sleep(15); // pacing: each byte in a read of its own
            }
            writeAll(c, Arrays.copyOfRange(packet, 4, packet.length));
            assertArrayEquals(packet, readUnix(c, packet.length));
        }
    }

    private static SocketChannel unix(Path path) throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path));
        ch.configureBlocking(false);
        return ch;
    }

    private static void assertUnixEcho(SocketChannel ch, String text) throws IOException {
        byte[] packet = lengthPacket(text.getBytes(StandardCharsets.US_ASCII));
        writeAll(ch, packet);
        assertArrayEquals(packet, readUnix(ch, packet.length));
    }

    private static void writeAll(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b); // a few bytes: the socket buffer takes them
        }
    }

    /**
     * Reads {@code n} bytes from a non-blocking channel, or with {@code n < 0} everything up to the
     * server's close; fails after {@value #DEADLINE_MILLIS} ms.
     */
    private static byte[] readUnix(SocketChannel ch, int n) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000;
        try (Selector selector = Selector.open()) {
            ch.register(selector, SelectionKey.OP_READ);
            while (n < 0 || got.size() < n) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    fail(n < 0 ? "the server did not close the connection" : "only " + got.size() + " of " + n + " bytes");
                }
                selector.select(left);
                selector.selectedKeys().clear();
                buf.clear();
                int r;
                try {
                    r = ch.read(buf);
                } catch (IOException e) {
                    r = -1; // reset: closed
                }
                if (r < 0) {
                    if (n < 0) {
                        break;
                    }
                    fail("closed after " + got.size() + " of " + n + " bytes");
                }
                got.write(buf.array(), 0, r);
            }
        }
        return got.toByteArray();
    }

    // ------------------------------------------------------------------ EOF framing

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"EOF_SPLIT", "EOF_CHECK"})
    void eofMarkerNeverSentClosesOnlyThatConnection(Kind kind) throws Exception {
        int since = server.lines().size();
        try (Bystander other = new Bystander(kind); SocketChannel bad = SocketChannel.open(address(kind))) {
            int local = ((InetSocketAddress) bad.getLocalAddress()).getPort();
            long written = writeUntilClosed(bad, 16L << 20);
            assertTrue(written >= HostileApp.EOF_CHECK_INPUT, "closed after only " + written + " bytes");
            other.assertServed();
            assertOneLine(since, local, "no package_eof within");
        }
    }

    // ------------------------------------------------------------------ many idle connections

    @Test
    void tenThousandIdleConnectionsWhileOneClientIsServed() throws Exception {
        int count = idleConnectionsAllowed();
        List<SocketChannel> idle = new ArrayList<>(count);
        try {
            InetSocketAddress to = address(Kind.RAW);
            for (int i = 0; i < count; i++) {
                SocketChannel ch = SocketChannel.open();
                idle.add(ch);
                ch.setOption(StandardSocketOptions.SO_LINGER, 0); // a reset on close: no TIME_WAIT left
                ch.connect(to);
            }
            // Accepted after every idle one (one accept queue, in order): its echo means all are open.
            try (Socket active = connect(Kind.RAW)) {
                for (int i = 0; i < 20; i++) {
                    byte[] msg = ("request " + i).getBytes(StandardCharsets.US_ASCII);
                    active.getOutputStream().write(msg);
                    assertArrayEquals(msg, Clients.readExactly(active.getInputStream(), msg.length));
                }
            }
            server.assertHealthy();
        } finally {
            for (SocketChannel ch : idle) {
                ch.close();
            }
        }
    }

    /**
     * {@value #IDLE_CONNECTIONS}, or what this JVM's open-file limit leaves room for (the server's
     * JVM inherits the same limit); a smaller number is reported.
     */
    private static int idleConnectionsAllowed() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                if (!soft.equals("unlimited") && Long.parseLong(soft) < IDLE_CONNECTIONS + 500) {
                    int scaled = (int) Long.parseLong(soft) - 500;
                    System.out.println("open-file limit " + soft + ": " + scaled + " idle connections instead of "
                            + IDLE_CONNECTIONS);
                    return scaled;
                }
            }
        }
        return IDLE_CONNECTIONS;
    }

    // ------------------------------------------------------------------ a client that never reads

    @Test
    void clientThatNeverReadsIsBoundedByItsBuffer() throws Exception {
        try (Bystander other = new Bystander(Kind.PUSH); Socket lazy = connect(Kind.PUSH)) {
            String token = Integer.toString(lazy.getLocalPort());
            lazy.getOutputStream().write(("push " + token).getBytes(StandardCharsets.US_ASCII));
            String started = server.awaitLine(l -> l.startsWith("push " + token + " fd "), DEADLINE_MILLIS);
            int fd = Integer.parseInt(started.substring(started.lastIndexOf(' ') + 1));
            server.awaitLine(l -> l.equals("push " + token + " done"), DEADLINE_MILLIS);
            other.assertServed();
            List<String> overflow = server.lines(l -> l.contains("connection " + fd + " ") && l.contains("overflow"));
            assertEquals(1, overflow.size(), "one line for the overflowing connection, not " + overflow.size() + ": "
                    + overflow.subList(0, Math.min(3, overflow.size())));
        }
    }

    // ------------------------------------------------------------------ datagrams

    /**
     * Datagrams as fast as they go while the worker is held up: what it cannot take is dropped (by
     * the kernel, or by the master in process mode) with one line, not queued for many seconds of
     * its time (1 ms each), so a well-behaved client is answered soon after the flood.
     */
    @Test
    void floodOfDatagramsLeavesTheServerAnswering() throws Exception {
        int linesBefore = server.lines().size();
        InetSocketAddress to = address(Kind.UDP);
        try (DatagramChannel flood = DatagramChannel.open()) {
            flood.send(ByteBuffer.wrap("stall".getBytes(StandardCharsets.US_ASCII)), to);
            ByteBuffer datagram = ByteBuffer.wrap(EchoClient.payload(8192));
            long end = System.nanoTime() + (HostileApp.STALL_MILLIS - 300) * 1_000_000L;
            while (System.nanoTime() - end < 0) {
                flood.send(datagram.rewind(), to);
            }
        }
        try (DatagramChannel client = DatagramChannel.open()) {
            client.connect(to);
            client.configureBlocking(false);
            ByteBuffer reply = ByteBuffer.allocate(2048);
            long deadline = System.nanoTime() + DATAGRAM_ANSWER_MILLIS * 1_000_000;
            String answered = null;
            for (int k = 0; answered == null; k++) {
                if (System.nanoTime() - deadline > 0) {
                    fail("no answer to a datagram within " + DATAGRAM_ANSWER_MILLIS + " ms after the flood");
                }
                client.write(ByteBuffer.wrap(("ping " + k).getBytes(StandardCharsets.US_ASCII)));
                long wait = System.nanoTime() + 100_000_000;
                while (answered == null && System.nanoTime() - wait < 0) {
                    reply.clear();
                    if (client.read(reply) > 0) {
                        answered = new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII);
                    } else {
                        Thread.sleep(2);
                    }
                }
            }
            assertTrue(answered.startsWith("ping "), answered);
        }
        List<String> during = server.linesAfter(linesBefore);
        assertTrue(during.size() <= 3, "the flood was logged line by line: " + during.size() + " lines, first "
                + during.subList(0, Math.min(5, during.size())));
    }

    // ------------------------------------------------------------------ half-closed sockets

    @Test
    void halfClosedSocketGetsItsRepliesThenIsClosed() throws Exception {
        try (Bystander other = new Bystander(Kind.RAW); Socket c = connect(Kind.RAW)) {
            EchoClient.assertEchoes(c.getInputStream(), c.getOutputStream(), c::shutdownOutput,
                    EchoClient.payload(256 * 1024));
            other.assertServed();
        }
    }

    @Test
    void halfClosedSocketGetsTheRepliesToItsLastPackets() throws Exception {
        byte[] all = new byte[0];
        for (int i = 0; i < 10; i++) {
            all = concat(all, lengthPacket(("packet " + i).getBytes(StandardCharsets.US_ASCII)));
        }
        for (int round = 0; round < 20; round++) {
            try (Socket c = connect(Kind.LENGTH)) {
                c.getOutputStream().write(all); // the end of stream follows at once, likely in the same read
                c.shutdownOutput();
                assertArrayEquals(all, c.getInputStream().readAllBytes(), "round " + round);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private InetSocketAddress address(Kind kind) {
        return new InetSocketAddress("127.0.0.1", server.port(kind));
    }

    private Socket connect(Kind kind) throws IOException {
        return Clients.connect("127.0.0.1", server.port(kind));
    }

    private static byte[] lengthPacket(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Reads until the server closes {@code s} (end of stream or reset); fails if it stays open. */
    private static void assertClosedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] sink = new byte[8192];
        try {
            while (in.read(sink) >= 0) {
                // whatever came before the close
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection within " + s.getSoTimeout() + " ms");
        } catch (IOException e) {
            // reset: closed
        }
    }

    /**
     * Writes without end (non-blocking) until the server closes the connection; fails if it takes
     * {@code max} bytes or stops reading without closing. Returns the bytes written.
     */
    private static long writeUntilClosed(SocketChannel ch, long max) throws Exception {
        ch.configureBlocking(false);
        ByteBuffer chunk = ByteBuffer.wrap(new byte[8192]);
        Arrays.fill(chunk.array(), (byte) 'x');
        ByteBuffer ignored = ByteBuffer.allocate(8192);
        long written = 0;
        long stuckSince = System.nanoTime();
        while (written < max) {
            try {
                int n = ch.write(chunk.rewind());
                written += n;
                if (n > 0) {
                    stuckSince = System.nanoTime();
                    continue;
                }
                if (ch.read(ignored.clear()) < 0) {
                    return written;
                }
            } catch (IOException e) {
                return written; // reset or broken pipe: closed
            }
            if (System.nanoTime() - stuckSince > 5_000_000_000L) {
                fail("the server neither read nor closed for 5 s, after " + written + " bytes");
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the server took " + written + " bytes without an end-of-packet marker");
    }

    private void assertOneLine(int since, Socket offender, String reason) throws InterruptedException {
        assertOneLine(since, offender.getLocalPort(), reason);
    }

    /**
     * Exactly one log line after the first {@code since} names the client at {@code localPort}, and
     * it gives {@code reason} (an earlier test's client may have had the same port).
     */
    private void assertOneLine(int since, int localPort, String reason) throws InterruptedException {
        String who = "127.0.0.1:" + localPort + " ";
        server.awaitLineAfter(since, l -> l.contains(who), DEADLINE_MILLIS);
        List<String> named = server.linesAfter(since).stream().filter(l -> l.contains(who)).toList();
        assertEquals(1, named.size(), "lines naming " + who + ": " + named);
        assertTrue(named.get(0).contains(reason), "the line names the reason '" + reason + "': " + named.get(0));
    }

    /** A well-behaved client of a port, connected before an attack and served after it. */
    private final class Bystander implements AutoCloseable {
        private final Kind kind;
        private final Socket socket;

        Bystander(Kind kind) throws IOException {
            this.kind = kind;
            this.socket = connect(kind);
            assertServed();
        }

        void assertServed() throws IOException {
            byte[] request = switch (kind) {
                case LENGTH -> lengthPacket("bystander".getBytes(StandardCharsets.US_ASCII));
                case EOF_SPLIT, EOF_CHECK -> "bystander\r\n".getBytes(StandardCharsets.US_ASCII);
                default -> "bystander".getBytes(StandardCharsets.US_ASCII);
            };
            socket.getOutputStream().write(request);
            assertArrayEquals(request, Clients.readExactly(socket.getInputStream(), request.length),
                    "the echo to a well-behaved client on " + kind);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
