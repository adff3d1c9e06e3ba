package io.jswoole.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.core.frame.FrameException;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ProxyHeaderTest {
    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    @Test
    void v1Tcp4GivesTheSourceAndLeavesTheDataAfterIt() throws Exception {
        ProxyHeader h = new ProxyHeader();
        ByteBuffer in = ascii("PROXY TCP4 192.0.2.10 198.51.100.1 56324 443\r\nGET / HTTP/1.1\r\n");
        assertTrue(h.feed(in));
        assertEquals(InetAddress.getByName("192.0.2.10"), h.sourceAddress());
        assertEquals(56324, h.sourcePort());
        assertEquals("GET / HTTP/1.1\r\n", rest(in));
    }

    @Test
    void v1Tcp6() throws Exception {
        ProxyHeader h = new ProxyHeader();
        assertTrue(h.feed(ascii("PROXY TCP6 2001:db8::7 2001:db8::1 65535 80\r\n")));
        assertEquals(InetAddress.getByName("2001:db8::7"), h.sourceAddress());
        assertEquals(65535, h.sourcePort());
    }

    @Test
    void v1UnknownKeepsTheSocketsAddress() throws Exception {
        for (String header : new String[] {"PROXY UNKNOWN\r\n", "PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n"}) {
            ProxyHeader h = new ProxyHeader();
            ByteBuffer in = ascii(header + "x");
            assertTrue(h.feed(in), header);
            assertNull(h.sourceAddress());
            assertEquals("x", rest(in));
        }
    }

    @Test
    void v1ByteByByte() throws Exception {
        byte[] all = "PROXY TCP4 10.1.2.3 10.0.0.1 1234 9501\r\nhello".getBytes(StandardCharsets.US_ASCII);
        ProxyHeader h = new ProxyHeader();
        int i = 0;
        while (!h.feed(ByteBuffer.wrap(all, i, 1))) {
            i++;
        }
        assertEquals(all.length - 6, i, "done on the LF, not a byte later");
        assertEquals(InetAddress.getByName("10.1.2.3"), h.sourceAddress());
        assertEquals(1234, h.sourcePort());
    }

    @Test
    void malformedV1IsRefused() {
        for (String bad : new String[] {
                "PROXY TCP4 10.1.2.3 10.0.0.1 1234\r\n",           // a field missing
                "PROXY TCP4 10.1.2.3 10.0.0.1 1234 80 9\r\n",      // one too many
                "PROXY TCP4 2001:db8::1 10.0.0.1 1234 80\r\n",     // an IPv6 address for TCP4
                "PROXY TCP6 10.1.2.3 10.0.0.1 1234 80\r\n",        // an IPv4 address for TCP6
                "PROXY TCP4 localhost 10.0.0.1 1234 80\r\n",       // a name, never looked up
                "PROXY TCP4 10.1.2.3 10.0.0.1 65536 80\r\n",       // port out of range
                "PROXY TCP4 10.1.2.3 10.0.0.1 01234 80\r\n",       // leading zero
                "PROXY TCP4  10.1.2.3 10.0.0.1 1234 80\r\n",       // two spaces
                "PROXY UDP4 10.1.2.3 10.0.0.1 1234 80\r\n",        // not TCP
                "PROXY TCP4 10.1.2.3 10.0.0.1 1234 80\n",          // LF without CR
                "PROXY tcp4 10.1.2.3 10.0.0.1 1234 80\r\n",        // lower case
                "PROXX TCP4 10.1.2.3 10.0.0.1 1234 80\r\n",        // forged signature
                "GET / HTTP/1.1\r\n",                              // no header at all
        }) {
            assertThrows(FrameException.class, () -> feedAll(bad), bad);
        }
    }

    @Test
    void v1LongerThan107BytesIsRefusedAtTheLimit() throws Exception {
        ProxyHeader h = new ProxyHeader();
        byte[] tooLong = ("PROXY TCP6 " + "1".repeat(200)).getBytes(StandardCharsets.US_ASCII);
        int i = 0;
        try {
            for (; i < tooLong.length; i++) {
                h.feed(ByteBuffer.wrap(tooLong, i, 1));
            }
        } catch (FrameException e) {
            assertEquals(ProxyHeader.V1_MAX - 1, i, "refused at byte 107 without a LF");
            return;
        }
        throw new AssertionError("accepted " + i + " bytes");
    }

    @Test
    void v2Ipv4GivesTheSourceSkipsTlvsAndLeavesTheData() throws Exception {
        byte[] tlv = {0x04, 0x00, 0x03, 'a', 'b', 'c'}; // PP2_TYPE_NOOP
        byte[] header = v2(0x21, 0x11, concat(new byte[] {(byte) 203, 0, 113, 9, 10, 0, 0, 1, (byte) 0xC0, 0x01, 0x25, 0x1D},
                tlv));
        ProxyHeader h = new ProxyHeader();
        ByteBuffer in = ByteBuffer.wrap(concat(header, "data".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(h.feed(in));
        assertEquals(InetAddress.getByName("203.0.113.9"), h.sourceAddress());
        assertEquals(0xC001, h.sourcePort());
        assertEquals("data", rest(in));
    }

    @Test
    void v2Ipv6ByteByByte() throws Exception {
        byte[] src = InetAddress.getByName("2001:db8::42").getAddress();
        byte[] dst = InetAddress.getByName("2001:db8::1").getAddress();
        byte[] header = v2(0x21, 0x21, concat(src, dst, new byte[] {0x30, 0x39, 0x01, (byte) 0xBB}));
        byte[] all = concat(header, new byte[] {7});
        ProxyHeader h = new ProxyHeader();
        int i = 0;
        while (!h.feed(ByteBuffer.wrap(all, i, 1))) {
            i++;
        }
        assertEquals(header.length - 1, i);
        assertEquals(InetAddress.getByName("2001:db8::42"), h.sourceAddress());
        assertEquals(12345, h.sourcePort());
    }

    @Test
    void v2LocalUnspecAndUnixKeepTheSocketsAddress() throws Exception {
        byte[] v4 = new byte[12];
        for (byte[] header : new byte[][] {
                v2(0x20, 0x00, new byte[0]),     // LOCAL, as HAProxy's health checks send it
                v2(0x20, 0x11, v4),              // LOCAL with addresses: they are not the client's
                v2(0x21, 0x00, new byte[0]),     // PROXY, AF_UNSPEC
                v2(0x21, 0x31, new byte[216]),   // PROXY, AF_UNIX
        }) {
            ProxyHeader h = new ProxyHeader();
            ByteBuffer in = ByteBuffer.wrap(concat(header, new byte[] {1, 2}));
            assertTrue(h.feed(in));
            assertNull(h.sourceAddress());
            assertEquals(2, in.remaining());
        }
    }

    @Test
    void v2WithTheLongestTlvsIsReadWithoutKeepingThem() throws Exception {
        byte[] addresses = new byte[65535];
        addresses[0] = 10;
        ProxyHeader h = new ProxyHeader();
        ByteBuffer in = ByteBuffer.wrap(v2(0x21, 0x11, addresses));
        assertTrue(h.feed(in));
        assertEquals(InetAddress.getByName("10.0.0.0"), h.sourceAddress());
    }

    @Test
    void malformedV2IsRefused() {
        byte[] forged = v2(0x21, 0x11, new byte[12]);
        forged[7] = 'X';
        for (byte[] bad : new byte[][] {
                forged,
                v2(0x11, 0x11, new byte[12]),   // version 1 in a v2 header
                v2(0x22, 0x11, new byte[12]),   // command 2
                v2(0x21, 0x41, new byte[12]),   // family 4
                v2(0x21, 0x11, new byte[8]),    // too short for IPv4 addresses
                v2(0x21, 0x21, new byte[12]),   // too short for IPv6 addresses
        }) {
            assertThrows(FrameException.class, () -> feedAll(bad), Arrays.toString(bad));
        }
    }

    @Test
    void anUnfinishedHeaderWaitsAndSaysItStarted() throws Exception {
        ProxyHeader h = new ProxyHeader();
        assertFalse(h.started());
        byte[] header = v2(0x21, 0x11, new byte[12]);
        assertFalse(h.feed(ByteBuffer.wrap(header, 0, 15)));
        assertTrue(h.started());
        ByteBuffer half = ascii("PROXY TCP4 1.2.3.4");
        ProxyHeader v1 = new ProxyHeader();
        assertFalse(v1.feed(half));
        assertFalse(half.hasRemaining(), "all of an unfinished header is taken");
    }

    @Test
    void v2SignatureMatchesTheSpecification() {
        assertArrayEquals("\r\n\r\n\0\r\nQUIT\n".getBytes(StandardCharsets.US_ASCII), SIGNATURE);
    }

    private static void feedAll(String s) throws FrameException {
        feedAll(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Feeds byte by byte, as a trickling client would, until the parser refuses. */
    private static void feedAll(byte[] b) throws FrameException {
        ProxyHeader h = new ProxyHeader();
        for (int i = 0; i < b.length; i++) {
            if (h.feed(ByteBuffer.wrap(b, i, 1))) {
                return;
            }
        }
    }

    static byte[] v2(int versionCommand, int familyProtocol, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.write(versionCommand);
        out.write(familyProtocol);
        out.write(body.length >> 8);
        out.write(body.length & 0xFF);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String rest(ByteBuffer b) {
        byte[] r = new byte[b.remaining()];
        b.get(r);
        return new String(r, StandardCharsets.US_ASCII);
    }
}
