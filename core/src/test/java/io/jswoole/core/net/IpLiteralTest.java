package io.jswoole.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class IpLiteralTest {

    @Test
    void readsIpv4AndIpv6Literals() throws Exception {
        assertArrayEquals(new byte[] {127, 0, 0, 1}, IpLiteral.parse("127.0.0.1").getAddress());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, (byte) 255}, IpLiteral.parse("192.0.2.255").getAddress());
        assertEquals(InetAddress.getByAddress(new byte[16]), IpLiteral.parse("::"));
        byte[] loopback6 = new byte[16];
        loopback6[15] = 1;
        assertArrayEquals(loopback6, IpLiteral.parse("::1").getAddress());
        assertEquals("2001:db8:0:0:0:0:0:1", IpLiteral.parse("2001:DB8::1").getHostAddress());
        assertArrayEquals(new byte[] {10, 1, 2, 3}, IpLiteral.parse("::ffff:10.1.2.3").getAddress());
    }

    @Test
    void refusesHostNamesWithoutLookingThemUp() {
        // Each would resolve (or be tried with a name service) by InetAddress.getByName.
        for (String name : new String[] {"localhost", "ip6-localhost", "example.com", "deadbeef", "a.b.c.d", "cafe"}) {
            assertNull(IpLiteral.parse(name), name);
        }
    }

    @Test
    void refusesWhatIsNotALiteral() {
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1..2.3", "1.2.3.", ".1.2.3", "127.1",
                "0x7f.0.0.1", " 127.0.0.1", "1:2:3:4:5:6:7:8:9", ":::", "::g", "%eth0", "[::1]", "example.com:80"}) {
            assertNull(IpLiteral.parse(bad), bad);
        }
        assertNull(IpLiteral.parse(null));
    }
}
