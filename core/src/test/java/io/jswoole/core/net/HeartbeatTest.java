package io.jswoole.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.Server;
import io.jswoole.SocketType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the heartbeat settings resolve, following Swoole 6.2 ({@code Server::start_check}, {@code set()}). */
class HeartbeatTest {

    /** A server with a main TCP port, a second TCP port and a UDP port. */
    private static Server server(Map<String, ?> settings, Map<String, ?> secondPort) {
        Server s = new Server("127.0.0.1", 0);
        s.set(settings);
        s.listen("127.0.0.1", 0, SocketType.TCP).set(secondPort);
        s.listen("127.0.0.1", 0, SocketType.UDP);
        return s;
    }

    @Test
    void offByDefault() {
        Heartbeat h = Heartbeat.of(server(Map.of(), Map.of()));
        assertFalse(h.enabled());
        assertArrayEquals(new int[0], h.idleTimes());
        assertFalse(h.isIdle(0, 0, Long.MAX_VALUE));
    }

    @Test
    void intervalAloneMeansTwiceTheIntervalOfIdleTime() {
        Heartbeat h = Heartbeat.of(server(Map.of("heartbeat_check_interval", 5), Map.of()));
        assertEquals(5, h.interval());
        assertArrayEquals(new int[] {10, 10, 0}, h.idleTimes(), "the UDP port has none");
    }

    @Test
    void idleTimeAloneMeansHalfOfItAsTheInterval() {
        assertEquals(3, Heartbeat.of(server(Map.of("heartbeat_idle_time", 7), Map.of())).interval());
        assertEquals(1, Heartbeat.of(server(Map.of("heartbeat_idle_time", 2), Map.of())).interval());
        assertArrayEquals(new int[] {7, 7, 0}, Heartbeat.of(server(Map.of("heartbeat_idle_time", 7), Map.of())).idleTimes());
    }

    @Test
    void aPortsOwnIdleTimeOverridesTheServersAndLowersTheInterval() {
        Heartbeat h = Heartbeat.of(server(Map.of("heartbeat_check_interval", 10, "heartbeat_idle_time", 60),
                Map.of("heartbeat_idle_time", 4)));
        assertArrayEquals(new int[] {60, 4, 0}, h.idleTimes());
        assertEquals(2, h.interval(), "lowered to half the shortest idle time");
    }

    @Test
    void aPortsIdleTimeAloneTurnsTheHeartbeatOnForThatPortOnly() {
        // Swoole's swoole_server_port/heartbeat_3: the other ports keep no idle time.
        Heartbeat h = Heartbeat.of(server(Map.of(), Map.of("heartbeat_idle_time", 2)));
        assertEquals(1, h.interval());
        assertArrayEquals(new int[] {0, 2, 0}, h.idleTimes());
    }

    @Test
    void idleMeansMoreThanTheIdleTimeOnTheSecondsClock() {
        Heartbeat h = Heartbeat.of(server(Map.of("heartbeat_check_interval", 1), Map.of()));
        assertFalse(h.isIdle(0, 100, 102), "2 s on a seconds clock may be just over 1 s");
        assertTrue(h.isIdle(0, 100, 103));
        assertFalse(h.isIdle(2, 0, 1_000), "datagram ports have no connections");
        assertFalse(h.isIdle(7, 0, 1_000), "no such port");
    }
}
