package io.jswoole.core.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Networks;
import io.jswoole.settings.SettingsException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code proxy_protocol_sources}: addresses and CIDR networks, literals only. */
@Timeout(10)
class NetworksTest {

    @Test
    void addressesAndNetworksContainWhatTheySay() throws Exception {
        Networks n = Networks.parse("10.0.0.5, 192.168.0.0/16 2001:db8::/32,172.16.0.0/12");
        assertTrue(n.contains(InetAddress.getByName("10.0.0.5")));
        assertFalse(n.contains(InetAddress.getByName("10.0.0.6")));
        assertTrue(n.contains(InetAddress.getByName("192.168.255.1")));
        assertFalse(n.contains(InetAddress.getByName("192.169.0.1")));
        assertTrue(n.contains(InetAddress.getByName("172.31.255.255")));
        assertFalse(n.contains(InetAddress.getByName("172.32.0.0")));
        assertTrue(n.contains(InetAddress.getByName("2001:db8:ffff::1")));
        assertFalse(n.contains(InetAddress.getByName("2001:db9::1")));
        assertFalse(n.contains(null));
        assertTrue(Networks.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.1")));
        assertTrue(Networks.parse(" ").isEmpty());
    }

    @Test
    void aWrongEntryNamesTheKeyAndTheAllowedValues() {
        for (String bad : new String[] {"localhost", "10.0.0.0/33", "10.0.0/8", "2001:db8::/129", "10.0.0.1/x"}) {
            SettingsException e = assertThrows(SettingsException.class, () -> Keys.PROXY_PROTOCOL_SOURCES.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("proxy_protocol_sources: bad value '" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("CIDR networks"), e.getMessage());
        }
    }
}
