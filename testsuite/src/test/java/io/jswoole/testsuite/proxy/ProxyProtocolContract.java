package io.jswoole.testsuite.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import io.jswoole.testsuite.Reactors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code open_proxy_protocol} and {@code proxy_protocol_sources} through a real server (a mode on a
 * reactor; the subclasses choose), as a load balancer's connections use them: the header's client
 * address is what onConnect, getClientInfo and dispatch mode 4 see, the data after the header is
 * the first packet, and a bad, truncated or endless header, or a source not allowed, closes that
 * connection alone with one log line and no callback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class ProxyProtocolContract {
    private static final long DEADLINE_MILLIS = 20_000;
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    @TempDir
    Path runBase;
    private ServerProcess server;
    /** How many server lines there were when each socket connected: a client port is reused across tests. */
    private final Map<Socket, Integer> linesAtConnect = new IdentityHashMap<>();

    /** "base" or "process". */
    abstract String mode();

    /** A Reactor provider's name. */
    abstract String reactor();

    @BeforeAll
    void startServer() throws Exception {
        Reactors.requireAvailable(reactor());
        server = ServerProcess.start(runBase, ProxyProtocolApp.class, mode(), reactor());
        if (mode().equals("process")) {
            server.awaitLines(l -> l.contains(" worker#") && l.contains("] INFO ready "), 2, DEADLINE_MILLIS);
        }
    }

    @AfterAll
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @SettingEffect(keys = "open_proxy_protocol", modes = {"base", "process"}, reactors = {"epoll", "nio"})
    @Test
    void aV1HeaderGivesOnConnectAndGetClientInfoTheClientsAddress() throws Exception {
        try (Socket c = connect(0)) {
            // the header and the first line in one write: the line must not be lost
            write(c, "PROXY TCP4 192.0.2.7 10.0.0.1 40001 9501\r\nhello\n".getBytes(StandardCharsets.US_ASCII));
            String reply = readLine(c);
            assertTrue(reply.startsWith("192.0.2.7:40001 worker="), reply);
            assertTrue(reply.endsWith(" hello"), reply);
            server.awaitLine(l -> l.startsWith("onConnect ") && l.contains(" 192.0.2.7:40001 "), DEADLINE_MILLIS);
        }
    }

    @Test
    void aV2Ipv6HeaderArrivingByteByByte() throws Exception {
        byte[] src = InetAddress.getByName("2001:db8::9").getAddress();
        byte[] dst = InetAddress.getByName("2001:db8::1").getAddress();
        byte[] header = v2(0x21, 0x21, concat(src, dst, new byte[] {0x15, (byte) 0xB3, 0x25, 0x1D}));
        try (Socket c = connect(0)) {
            for (byte b : header) {
                write(c, new byte[] {b});
            }
            write(c, "hi\n".getBytes(StandardCharsets.US_ASCII));
            String reply = readLine(c);
            assertTrue(reply.startsWith("2001:db8:0:0:0:0:0:9:5555 worker="), reply);
        }
    }

    @Test
    void aLocalHeaderKeepsTheSocketsAddress() throws Exception {
        try (Socket c = connect(0)) {
            write(c, concat(v2(0x20, 0x00, new byte[0]), "ping\n".getBytes(StandardCharsets.US_ASCII)));
            String reply = readLine(c);
            assertTrue(reply.startsWith("127.0.0.1:" + c.getLocalPort() + " worker="), reply);
        }
    }

    /** Connections from one socket address go to the worker their header's address picks. */
    @Test
    void dispatchMode4RoutesByTheHeadersAddress() throws Exception {
        assumeTrue(mode().equals("process"), "dispatch modes are process mode's");
        String even = null;
        String odd = null;
        for (int i = 1; even == null || odd == null; i++) {
            String ip = "198.51.100." + i;
            if (Math.floorMod(ip.hashCode(), 2) == 0) {
                even = even == null ? ip : even;
            } else {
                odd = odd == null ? ip : odd;
            }
        }
        for (int round = 0; round < 3; round++) {
            for (String ip : List.of(even, odd)) {
                try (Socket c = connect(0)) {
                    write(c, ("PROXY TCP4 " + ip + " 10.0.0.1 1000 9501\r\nwho\n").getBytes(StandardCharsets.US_ASCII));
                    String reply = readLine(c);
                    assertEquals(ip + ":1000 worker=" + Math.floorMod(ip.hashCode(), 2) + " who", reply);
                }
            }
        }
    }

    @Test
    void aBadHeaderClosesThatConnectionAloneWithoutACallback() throws Exception {
        try (Socket good = connect(0)) {
            write(good, "PROXY TCP4 192.0.2.8 10.0.0.1 40002 9501\r\na\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readLine(good).endsWith(" a"));
            Socket bad = connect(0);
            try (bad) {
                write(bad, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(-1, readUntilEnd(bad));
                awaitClosedLine(bad, "not a PROXY protocol header");
            }
            write(good, "b\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readLine(good).startsWith("192.0.2.8:40002 "), "the other connection is served");
            assertNoCallbacksFor(bad);
        }
    }

    /** A plain TCP health check connects and leaves: no callback and no log line. */
    @Test
    void aConnectionThatSaysNothingClosesQuietly() throws Exception {
        Socket quiet = connect(0);
        quiet.close();
        try (Socket after = connect(0)) { // the same loop serves both: its log line comes after the quiet one's
            write(after, "nonsense\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, readUntilEnd(after));
            awaitClosedLine(after, "not a PROXY protocol header");
        }
        String from = " from 127.0.0.1:" + quiet.getLocalPort() + " ";
        assertTrue(linesSince(quiet).stream().noneMatch(l -> l.contains(from)), String.join("\n", server.lines()));
        assertNoCallbacksFor(quiet);
    }

    @Test
    void aForgedV2SignatureIsRefused() throws Exception {
        byte[] forged = v2(0x21, 0x11, new byte[12]);
        forged[8] = 'X';
        try (Socket c = connect(0)) {
            write(c, forged);
            assertEquals(-1, readUntilEnd(c));
            awaitClosedLine(c, "bad v2 signature");
        }
    }

    @Test
    void aConnectionEndingInTheMiddleOfItsHeaderIsLogged() throws Exception {
        try (Socket c = connect(0)) {
            write(c, "PROXY TCP4 192.0.2.9 10.0".getBytes(StandardCharsets.US_ASCII));
            c.shutdownOutput();
            assertEquals(-1, readUntilEnd(c));
            awaitClosedLine(c, "ended in the middle of its PROXY protocol header");
        }
    }

    @Test
    void aHeaderThatNeverEndsIsRefusedAtItsLimit() throws Exception {
        try (Socket c = connect(0)) {
            write(c, ("PROXY TCP4 " + "1".repeat(300)).getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, readUntilEnd(c));
            awaitClosedLine(c, "longer than 107 bytes");
        }
    }

    @SettingEffect(keys = "proxy_protocol_sources", modes = {"base", "process"}, reactors = {"epoll", "nio"})
    @Test
    void aSourceNotAllowedIsClosedAtAccept() throws Exception {
        Socket c = connect(1);
        try (c) {
            write(c, "PROXY TCP4 192.0.2.10 10.0.0.1 40003 9501\r\nclaim\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, readUntilEnd(c));
            awaitClosedLine(c, "not in proxy_protocol_sources");
        }
        assertTrue(server.lines().stream().noneMatch(l -> l.contains(" 192.0.2.10:40003 ")), "the claim was not believed");
        assertNoCallbacksFor(c);
    }

    /**
     * The connection {@code c} had no onConnect (it would name that address, as no
     * header replaced it) and no onClose: every onClose so far follows its connection's onConnect
     * (one worker prints both).
     */
    private void assertNoCallbacksFor(Socket c) {
        List<String> lines = server.lines();
        String address = " 127.0.0.1:" + c.getLocalPort() + " ";
        assertTrue(linesSince(c).stream().noneMatch(l -> l.startsWith("onConnect ") && l.contains(address)),
                String.join("\n", lines));
        Set<String> connected = new HashSet<>();
        for (String l : lines) {
            String[] words = l.split(" ");
            if (words[0].equals("onConnect")) {
                connected.add(words[1]);
            } else if (words[0].equals("onClose")) {
                assertTrue(connected.contains(words[1]), "onClose without onConnect: " + l);
            }
        }
    }

    private void awaitClosedLine(Socket c, String why) throws InterruptedException {
        String from = " from 127.0.0.1:" + c.getLocalPort() + " ";
        server.awaitLineAfter(linesAtConnect.get(c), l -> l.contains(from) && l.contains(" closed: ") && l.contains(why),
                DEADLINE_MILLIS);
        assertEquals(1, linesSince(c).stream().filter(l -> l.contains(from)).count(), "one log line");
    }

    /** The server's lines since {@code c} connected. */
    private List<String> linesSince(Socket c) {
        return server.linesAfter(linesAtConnect.get(c));
    }

    private Socket connect(int portId) throws Exception {
        int lines = server.lines().size();
        Socket s = new Socket("127.0.0.1", server.port(portId));
        s.setSoTimeout((int) DEADLINE_MILLIS);
        linesAtConnect.put(s, lines);
        return s;
    }

    private static void write(Socket s, byte[] b) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(b);
        out.flush();
    }

    private static String readLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("closed after '" + line + "'");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Reads until end of stream (a reset counts as the end); returns -1 then. */
    private static int readUntilEnd(Socket s) throws IOException {
        try {
            while (s.getInputStream().read() >= 0) {
                // discard
            }
        } catch (SocketException reset) {
            // the server closed with unread data: the kernel resets
        }
        return -1;
    }

    private static byte[] v2(int versionCommand, int familyProtocol, byte[] body) {
        return concat(V2_SIGNATURE, new byte[] {(byte) versionCommand, (byte) familyProtocol, (byte) (body.length >> 8),
                (byte) body.length}, body);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
