package io.jswoole.factory.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.JswooleException;
import io.jswoole.Server;
import io.jswoole.testing.RunningServer;
import io.jswoole.SocketType;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.ProviderException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every way start() refuses to run says what is wrong, with the key or provider named. */
@Timeout(30)
class StartErrorsTest {

    private static Server echo() {
        Server s = new Server("127.0.0.1", 0);
        s.onReceive((srv, fd, r, data) -> srv.send(fd, data));
        return s;
    }

    @Test
    void unknownKeyNamesTheNearestOne() {
        SettingsException e = assertThrows(SettingsException.class, () -> echo().set(Map.of("worker_nun", 2)));
        assertEquals("worker_nun", e.key());
        assertTrue(e.getMessage().contains("did you mean 'worker_num'"), e.getMessage());
    }

    @Test
    void badValueNamesKeyAndAllowedValues() {
        SettingsException e = assertThrows(SettingsException.class, () -> echo().set(Map.of("dispatch_mode", 9)));
        assertEquals("dispatch_mode", e.key());
        assertTrue(e.getMessage().contains("from 1 to 5"), e.getMessage());
        e = assertThrows(SettingsException.class, () -> echo().set(Map.of("open_tcp_nodelay", "maybe")));
        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
        e = assertThrows(SettingsException.class, () -> echo().set(Map.of("log_level", "loud")));
        assertTrue(e.getMessage().contains("one of debug, trace, info"), e.getMessage());
        e = assertThrows(SettingsException.class, () -> echo().set(Map.of("proxy_protocol_sources", "lb.example.com")));
        assertEquals("proxy_protocol_sources", e.key());
        assertTrue(e.getMessage().contains("IP addresses and CIDR networks"), e.getMessage());
    }

    @Test
    void serverKeyOnAPortIsRefused() {
        Server s = echo();
        SettingsException e = assertThrows(SettingsException.class,
                () -> s.listen("127.0.0.1", 0, SocketType.TCP).set(Map.of("worker_num", 2)));
        assertTrue(e.getMessage().contains("server setting"), e.getMessage());
    }

    /** Start-up refuses a setting that could have no effect, naming it and saying why, before binding anything. */
    @Test
    void settingsWithoutAnEffectAreRefused() {
        assertRefused("open_tcp_nodelay", "applies to TCP ports only", udpServer().set(Map.of("open_tcp_nodelay", true)));
        Server udpPort = echo();
        udpPort.listen("127.0.0.1", 0, SocketType.UDP).set(Map.of("tcp_keepidle", 30))
                .onPacket((srv, data, client) -> srv.sendto(client, data));
        assertRefused("tcp_keepidle", "applies to TCP ports only", udpPort);
        assertRefused("tcp_keepidle", "open_tcp_keepalive=true", echo().set(Map.of("tcp_keepidle", 30)));
        assertRefused("open_eof_check", "stream ports only", udpServer().set(Map.of("open_eof_check", true)));
        assertRefused("package_eof", "open_eof_check or open_eof_split", echo().set(Map.of("package_eof", "\\n")));
        assertRefused("package_length_type", "open_length_check", echo().set(Map.of("package_length_type", "n")));
        assertRefused("package_max_length", "a framing", echo().set(Map.of("package_max_length", 4096)));
        assertRefused("http_header_max_length", "open_http_protocol=true", echo().set(Map.of("http_header_max_length", 4096)));
        assertRefused("open_redis_protocol", "choose one framing", echo().set(Map.of("open_http_protocol", true,
                "open_redis_protocol", true)));
        assertRefused("open_http_protocol", "choose one framing", echo().set(Map.of("open_eof_split", true,
                "open_http_protocol", true)));
        assertRefused("open_redis_protocol", "stream ports only", udpServer().set(Map.of("open_redis_protocol", true)));
        assertRefused("ordered_replies", "stream ports only", udpServer().set(Map.of("ordered_replies", true)));
        assertRefused("open_proxy_protocol", "stream ports only", udpServer().set(Map.of("open_proxy_protocol", true)));
        Server udpSources = echo();
        udpSources.listen("127.0.0.1", 0, SocketType.UDP).set(Map.of("proxy_protocol_sources", "10.0.0.0/8"))
                .onPacket((srv, data, client) -> srv.sendto(client, data));
        assertRefused("proxy_protocol_sources", "TCP ports only", udpSources);
        assertRefused("proxy_protocol_sources", "open_proxy_protocol=true", echo().set(Map.of("proxy_protocol_sources",
                "10.0.0.0/8")));
        assertRefused("http_header_max_length", "larger than the whole request", echo().set(Map.of("open_http_protocol",
                true, "package_max_length", 4096, "http_header_max_length", 8192)));
        assertRefused("admin_token", "needs admin_token", echo().set(Map.of("admin_address", "127.0.0.1:9502")));
        assertRefused("admin_token", "needs admin_token", echo().set(Map.of("admin_address", "127.0.0.1:9502",
                "admin_token", "short")));
        assertRefused("admin_address", "not HOST:PORT", echo().set(Map.of("admin_address", "localhost",
                "admin_token", "0123456789abcdef")));
        assertRefused("admin_token", "admin_address is not set", echo().set(Map.of("admin_token", "0123456789abcdef")));
        assertRefused("task_max_request", "task_worker_num > 0", echo().set(Map.of("task_max_request", 10)));
        assertRefused("task_redis_address", "task_ipc_mode=redis", echo().set(Map.of("task_worker_num", 1,
                "task_redis_address", "127.0.0.1:6379")).onTask((srv, id, src, data) -> data));
        assertRefused("task_redis_claim_timeout", "task_worker_num > 0", echo().set(Map.of("task_ipc_mode", "redis",
                "task_redis_claim_timeout", 1000)));
        assertRefused("reactor_num", "process mode", echo().set(Map.of("reactor_num", 2)));
        assertRefused("dispatch_mode", "process mode", echo().set(Map.of("dispatch_mode", 3)));
        assertRefused("setDispatchFunction", "process mode", echo().setDispatchFunction((fd, type, data) -> 0));
        assertRefused("buffer_input", "process mode", echo().set(Map.of("buffer_input", true)));
        assertRefused("worker_jvm_options", "one process", echo().set(Map.of("worker_jvm_options", "-Xmx64m")));
        // A server-wide port setting is fine when one port can use it.
        Server mixed = udpServer().set(Map.of("open_tcp_nodelay", false));
        mixed.listen("127.0.0.1", 0, SocketType.TCP).onReceive((srv, fd, r, data) -> srv.send(fd, data));
        try (RunningServer running = RunningServer.start(mixed)) {
            assertTrue(running.server().isRunning());
        }
    }

    private static Server udpServer() {
        Server s = new Server("127.0.0.1", 0, SocketType.UDP);
        s.onPacket((srv, data, client) -> srv.sendto(client, data));
        return s;
    }

    private static void assertRefused(String key, String why, Server server) {
        SettingsException e = assertThrows(SettingsException.class, server::start);
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void aDatagramPortRefusesAHeartbeatIdleTime() {
        Server s = echo();
        s.onPacket((srv, data, client) -> { });
        s.listen("127.0.0.1", 0, SocketType.UDP).set(Map.of("heartbeat_idle_time", 5));
        SettingsException e = assertThrows(SettingsException.class, s::start);
        assertEquals("heartbeat_idle_time", e.key());
        assertTrue(e.getMessage().contains("stream ports only"), e.getMessage());
    }

    @Test
    void theServersHeartbeatIdleTimeDoesNotStopADatagramPort() {
        Server s = echo();
        s.onPacket((srv, data, client) -> { });
        s.set(Map.of("heartbeat_idle_time", 5));
        s.listen("127.0.0.1", 0, SocketType.UDP);
        try (RunningServer r = RunningServer.start(s)) {
            assertTrue(r.server().isRunning());
        }
    }

    @Test
    void missingCallbacksAreNamed() {
        Server tcp = new Server("127.0.0.1", 0);
        SettingsException e = assertThrows(SettingsException.class, tcp::start);
        assertTrue(e.getMessage().contains("onReceive"), e.getMessage());
        Server udp = new Server("127.0.0.1", 0, SocketType.UDP);
        e = assertThrows(SettingsException.class, udp::start);
        assertTrue(e.getMessage().contains("onPacket"), e.getMessage());
        Server tasks = echo().set(Map.of("task_worker_num", 2));
        e = assertThrows(SettingsException.class, tasks::start);
        assertTrue(e.getMessage().contains("onTask"), e.getMessage());
    }

    @Test
    void conflictingFramingIsRefused() {
        Server s = echo().set(Map.of("open_eof_check", true, "open_length_check", true));
        SettingsException e = assertThrows(SettingsException.class, s::start);
        assertTrue(e.getMessage().contains("cannot both be on"), e.getMessage());
    }

    @Test
    void absentProvidersListWhatIsThere() {
        ProviderException e = assertThrows(ProviderException.class, () -> echo().set(Map.of("reactor", "kqueue")).start());
        assertTrue(e.getMessage().contains("reactor=kqueue"), e.getMessage());
        assertTrue(e.getMessage().contains("nio (priority"), e.getMessage());
        e = assertThrows(ProviderException.class, () -> echo().set(Map.of("mode", "threads")).start());
        assertTrue(e.getMessage().contains("mode=threads") && e.getMessage().contains("base (priority 10, available)"),
                e.getMessage());
    }

    @Test
    void portInUseNamesThePort() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Server server = new Server("127.0.0.1", taken.getLocalPort());
            server.onReceive((s, fd, r, d) -> { });
            JswooleException e = assertThrows(JswooleException.class, server::start);
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void wrongAddressFamilyIsNamed() {
        Server s = new Server("127.0.0.1", 0, SocketType.TCP6);
        s.onReceive((srv, fd, r, d) -> { });
        SettingsException e = assertThrows(SettingsException.class, s::start);
        assertTrue(e.getMessage().contains("not an IPv6 address"), e.getMessage());
    }
}
