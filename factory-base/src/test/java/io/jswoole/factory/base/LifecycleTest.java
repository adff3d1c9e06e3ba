package io.jswoole.factory.base;

import io.jswoole.testing.RunningServer;
import io.jswoole.testing.Clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.ClientInfo;
import io.jswoole.Hook;
import io.jswoole.Server;
import io.jswoole.ServerStateException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Events in Swoole's order, hooks, timers, and the methods of a running base-mode server. */
@Timeout(30)
class LifecycleTest {

    @Test
    void eventsArriveInSwooleOrder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        Server server = new Server("127.0.0.1", 0);
        server.addHook(Hook.MASTER_START, s -> seen.add("hook:masterStart"));
        server.onStart(s -> seen.add("start"));
        server.onWorkerStart((s, id) -> seen.add("workerStart:" + id));
        server.onConnect((s, fd, r) -> seen.add("connect"));
        server.onReceive((s, fd, r, data) -> {
            seen.add("receive:" + new String(data));
            s.close(fd);
        });
        server.onClose((s, fd, r) -> {
            seen.add("close:" + r);
            closed.countDown();
        });
        server.onWorkerStop((s, id) -> seen.add("workerStop:" + id));
        server.onShutdown(s -> seen.add("shutdown"));
        try (RunningServer s = RunningServer.start(server); Socket c = Clients.connect("127.0.0.1", s.port())) {
            c.getOutputStream().write("hi".getBytes());
            assertEquals(-1, c.getInputStream().read(), "the server closed the connection");
            assertTrue(closed.await(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of("hook:masterStart", "start", "workerStart:0", "connect", "receive:hi", "close:-1",
                "workerStop:0", "shutdown"), seen);
    }

    @Test
    void peerCloseGivesTheReactorIdNotMinusOne() throws Exception {
        List<Integer> reactorIds = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        Server server = new Server("127.0.0.1", 0);
        server.onReceive((s, fd, r, data) -> { });
        server.onClose((s, fd, r) -> {
            reactorIds.add(r);
            closed.countDown();
        });
        try (RunningServer s = RunningServer.start(server)) {
            Clients.connect("127.0.0.1", s.port()).close();
            assertTrue(closed.await(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of(0), reactorIds);
    }

    @Test
    void methodsOfARunningServer() throws Exception {
        Server server = new Server("127.0.0.1", 0);
        server.onReceive((s, fd, r, data) -> s.send(fd, data));
        assertThrows(ServerStateException.class, () -> server.send(1, "x"), "not running yet");
        try (RunningServer s = RunningServer.start(server);
             Socket a = Clients.connect("127.0.0.1", s.port());
             Socket b = Clients.connect("127.0.0.1", s.port())) {
            a.getOutputStream().write(1);
            a.getInputStream().read();
            b.getOutputStream().write(1);
            b.getInputStream().read();
            int[] fds = server.getClientList(0, 10);
            assertEquals(2, fds.length);
            assertTrue(fds[0] < fds[1]);
            assertEquals(1, server.getClientList(fds[0], 10).length);
            assertEquals(1, server.getClientList(0, 1).length);
            assertTrue(server.exists(fds[0]));
            assertFalse(server.exists(fds[1] + 1000));
            ClientInfo info = server.getClientInfo(fds[0]);
            assertNotNull(info);
            assertEquals("127.0.0.1", info.remoteIp());
            assertEquals(a.getLocalPort(), info.remotePort());
            assertEquals(s.port(), info.serverPort());
            assertNull(server.getClientInfo(fds[1] + 1000));
            assertEquals(2, server.stats().connectionNum());
            assertEquals(2, server.stats().requestCount());
            // send from a foreign thread reaches the client
            assertTrue(server.send(fds[1], "from outside"));
            assertEquals("from outside", new String(Clients.readExactly(b.getInputStream(), 12)));
            assertTrue(server.close(fds[0]));
            assertEquals(-1, a.getInputStream().read());
            assertFalse(server.send(fds[0] + 1000, "nobody"));
            assertEquals(0, server.getWorkerId());
            assertEquals(ProcessHandle.current().pid(), server.getMasterPid());
            assertEquals(0, server.getManagerPid());
            assertThrows(ServerStateException.class, server::start, "a second start is refused");
            assertThrows(ServerStateException.class, () -> server.set(java.util.Map.of("worker_num", 1)));
        }
        assertFalse(server.isRunning());
        assertThrows(ServerStateException.class, server::start, "a stopped server does not start again");
    }

    @Test
    void aSecondServerIsRefusedWhileOneRunsAndStartsOnceItHasStopped() throws Exception {
        Server first = new Server("127.0.0.1", 0);
        first.onReceive((s, fd, r, data) -> s.send(fd, data));
        Server second = new Server("127.0.0.1", 0);
        second.onReceive((s, fd, r, data) -> s.send(fd, data));
        try (RunningServer s = RunningServer.start(first)) {
            java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    second.start();
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            t.setDaemon(true);
            t.start();
            Throwable refused;
            try {
                refused = outcome.get(10, TimeUnit.SECONDS);
            } finally {
                if (second.isRunning()) {
                    second.shutdown();
                }
                t.join(15_000);
            }
            assertTrue(refused instanceof ServerStateException, "a second server in one process is refused: " + refused);
            assertTrue(refused.getMessage().contains("one server per process"), refused.getMessage());
            assertTrue(first.isRunning(), "the running one goes on");
            try (Socket c = Clients.connect("127.0.0.1", s.port())) {
                c.getOutputStream().write(7);
                assertEquals(7, c.getInputStream().read());
            }
        }
        try (RunningServer s = RunningServer.start(second)) {
            assertTrue(second.isRunning(), "once the first has stopped, another server starts");
        }
    }

    @Test
    void timersTickAfterAndClear() throws Exception {
        Server server = new Server("127.0.0.1", 0);
        server.onReceive((s, fd, r, data) -> { });
        CountDownLatch ticks = new CountDownLatch(3);
        CountDownLatch once = new CountDownLatch(1);
        List<String> cleared = new CopyOnWriteArrayList<>();
        server.onWorkerStart((s, id) -> {
            s.tick(20, t -> ticks.countDown());
            s.after(30, t -> once.countDown());
            long never = s.after(50, t -> cleared.add("fired"));
            assertTrue(s.clearTimer(never));
            assertFalse(s.clearTimer(never));
        });
        try (RunningServer s = RunningServer.start(server)) {
            assertTrue(ticks.await(5, TimeUnit.SECONDS));
            assertTrue(once.await(5, TimeUnit.SECONDS));
            CountDownLatch later = new CountDownLatch(1);
            server.after(100, t -> later.countDown());
            assertTrue(later.await(5, TimeUnit.SECONDS), "a timer set from another thread fires");
        }
        assertEquals(List.of(), cleared);
    }

    @Test
    void aCallbackThatThrowsIsLoggedAndTheServerGoesOn() throws Exception {
        Server server = new Server("127.0.0.1", 0);
        server.set(java.util.Map.of("open_eof_split", true, "package_eof", "\n"));
        server.onReceive((s, fd, r, data) -> {
            if (data[0] == 'x') {
                throw new IllegalStateException("boom");
            }
            s.send(fd, data);
        });
        try (RunningServer s = RunningServer.start(server); Socket c = Clients.connect("127.0.0.1", s.port())) {
            c.getOutputStream().write("x\ny\n".getBytes());
            assertEquals("y\n", new String(Clients.readExactly(c.getInputStream(), 2)));
        }
    }
}
