package io.jswoole.factory.base;

import io.jswoole.testing.RunningServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.JswooleException;
import io.jswoole.Server;
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
    }

    @Test
    void serverKeyOnAPortIsRefused() {
        Server s = echo();
        SettingsException e = assertThrows(SettingsException.class,
                () -> s.listen("127.0.0.1", 0, SocketType.TCP).set(Map.of("worker_num", 2)));
        assertTrue(e.getMessage().contains("server setting"), e.getMessage());
    }

    @Test
    void aDatagramPortRefusesAHeartbeatIdleTime() {
        Server s = echo();
        s.onPacket((srv, data, client) -> { });
        s.listen("127.0.0.1", 0, SocketType.UDP).set(Map.of("heartbeat_idle_time", 5));
        SettingsException e = assertThrows(SettingsException.class, s::start);
        assertEquals("heartbeat_idle_time", e.key());
        assertTrue(e.getMessage().contains("stream sockets only"), e.getMessage());
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
        try (RunningServer first = RunningServer.start(echo())) {
            Server second = new Server("127.0.0.1", first.port());
            second.onReceive((s, fd, r, d) -> { });
            JswooleException e = assertThrows(JswooleException.class, second::start);
            assertTrue(e.getMessage().contains("127.0.0.1:" + first.port()), e.getMessage());
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
