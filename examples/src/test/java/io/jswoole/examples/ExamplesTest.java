package io.jswoole.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.Port;
import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.settings.Keys;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples' configuration; serving over real sockets is tested where a mode provider is present. */
class ExamplesTest {

    @Test
    @Timeout(10)
    void registryListsTheExamples() {
        assertEquals(List.of("echo", "whoami", "tasks", "http", "kv"), List.copyOf(Examples.names()));
        assertEquals(Examples.names(), Examples.all().keySet());
    }

    @Test
    @Timeout(10)
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Examples.create("nope", "127.0.0.1", 0));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        assertTrue(e.getMessage().contains("echo, whoami"), e.getMessage());
    }

    @Test
    @Timeout(10)
    void echoListensOnTcpAndUdpWithTheSameAddress() {
        Server server = Examples.create("echo", "127.0.0.1", 9999);
        List<Port> ports = server.ports();
        assertEquals(2, ports.size());
        assertEquals(SocketType.TCP, ports.get(0).type());
        assertEquals(SocketType.UDP, ports.get(1).type());
        assertEquals(9999, ports.get(1).port());
        assertEquals("127.0.0.1", ports.get(1).host());
        assertNotNull(ports.get(0).events().onReceiveBuffer());
        assertNotNull(ports.get(1).events().onPacket());
        assertTrue(!server.isRunning());
    }

    @Test
    @Timeout(10)
    void echoWithoutUdpHasOnePort() {
        Server server = EchoServer.create("127.0.0.1", 0, false);
        assertEquals(1, server.ports().size());
    }

    @Test
    @Timeout(10)
    void echoOnIpv6UsesIpv6Sockets() {
        List<Port> ports = EchoServer.create("::1", 0).ports();
        assertEquals(SocketType.TCP6, ports.get(0).type());
        assertEquals(SocketType.UDP6, ports.get(1).type());
    }

    @Test
    @Timeout(10)
    void tasksHasTaskWorkersAndTheirCallbacks() {
        Server server = TasksServer.create("127.0.0.1", 0);
        assertEquals(2, server.settings().get(Keys.TASK_WORKER_NUM));
        assertNotNull(server.events().onTask());
        assertNotNull(server.events().onFinish());
    }

    @Test
    @Timeout(10)
    void whoamiSplitsLines() {
        Server server = WhoamiServer.create("127.0.0.1", 0);
        assertEquals(1, server.ports().size());
        assertTrue(server.settings().get(Keys.OPEN_EOF_SPLIT));
        assertEquals("\n", server.settings().get(Keys.PACKAGE_EOF));
        assertNotNull(server.ports().get(0).events().onReceive());
        assertNull(server.ports().get(0).events().onPacket());
    }
}
