package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.supervision.PidFile;
import io.jswoole.supervision.metrics.AdminClient;
import io.jswoole.testing.Clients;
import io.jswoole.testing.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jswoole upgrade} ({@code POST /upgrade} on the admin socket): a new master from the same
 * command line takes the listening sockets over, the old one retires; under a client that opens
 * a connection per request, nothing is refused and nothing fails.
 */
@Timeout(180)
class UpgradeTest {
    @TempDir
    Path dir;

    /**
     * Answers each line with {@code pid=PID}. Arguments: a pid file, a file whose existence makes a
     * new master taking over fail to start, then key=value settings.
     */
    public static final class App {
        public static void main(String[] args) throws IOException {
            if (System.getenv("JSWOOLE_UPGRADE_FROM") != null && Files.exists(Path.of(args[1]))) {
                throw new IllegalStateException("this build cannot start: " + args[1] + " exists");
            }
            Server server = new Server("127.0.0.1", 0);
            server.set(Map.of("worker_num", 2, "pid_file", args[0], "max_wait_time", 2, "open_eof_split", true,
                    "package_eof", "\n"));
            for (int i = 2; i < args.length; i++) {
                String[] kv = args[i].split("=", 2);
                if (kv[0].equals("unix")) {
                    server.listen(kv[1], 0, SocketType.UNIX_STREAM);
                } else {
                    server.set(Map.of(kv[0], kv[1]));
                }
            }
            server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id + " master " + s.getMasterPid()));
            server.onReceive((s, fd, reactorId, data) -> s.send(fd, ("pid=" + s.getWorkerPid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            server.start();
        }
    }

    @Test
    void aNewMasterTakesOverWithoutARefusedOrFailedRequest() throws Exception {
        upgradeUnderLoad();
    }

    @Test
    void aProcessModeMasterTakesOverWithoutARefusedOrFailedRequest() throws Exception {
        upgradeUnderLoad("mode=process", "reactor=epoll");
    }

    /**
     * Upgrades a server of {@code settings} under a load of one request per connection: no
     * connection refused, no request failed, the new workers serve; a connection open at the
     * upgrade is still served after it, then closed when the old master stops. Its Unix port goes
     * on too: the old master leaves the socket file to the new one, which removes it at its end.
     */
    private void upgradeUnderLoad(String... settings) throws Exception {
        Path pidFile = dir.resolve("server.pid");
        Path unix = dir.resolve("s.sock");
        long successor = -1;
        List<String> args = new ArrayList<>(List.of(pidFile.toString(), dir.resolve("fail").toString(), "unix=" + unix));
        args.addAll(List.of(settings));
        try (ServerProcess server = ServerProcess.start(dir, App.class, args.toArray(String[]::new));
             Socket kept = Clients.connect("127.0.0.1", server.port())) {
            int port = server.port();
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, 30_000);
            long old = server.master().pid();
            kept.setSoTimeout(10_000);
            String oldWorker = ask(kept);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger served = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            Set<String> pids = new HashSet<>();
            Thread load = new Thread(() -> {
                while (!stop.get()) {
                    try (Socket s = Clients.connect("127.0.0.1", port)) { // a refused connection is a failure
                        s.setSoTimeout(10_000);
                        s.getOutputStream().write("who\n".getBytes(StandardCharsets.US_ASCII));
                        String answer = new String(Clients.readExactly(s.getInputStream(), 4), StandardCharsets.US_ASCII);
                        StringBuilder pid = new StringBuilder();
                        for (int c = s.getInputStream().read(); c != '\n' && c >= 0; c = s.getInputStream().read()) {
                            pid.append((char) c);
                        }
                        assertEquals("pid=", answer);
                        synchronized (pids) {
                            pids.add(pid.toString());
                        }
                        served.incrementAndGet();
                    } catch (IOException | AssertionError e) {
                        synchronized (failures) {
                            failures.add(e.toString());
                        }
                    }
                }
            });
            load.start();
            try {
                awaitServed(served, 50);
                Set<String> before;
                synchronized (pids) {
                    before = new HashSet<>(pids);
                }
                AdminClient.Answer a = AdminClient.post(dir.resolve("jswoole-" + old), "/upgrade");
                assertEquals(200, a.status(), a.body());
                successor = PidFile.read(pidFile);
                assertNotEquals(old, successor, "the pid file names the new master");
                assertTrue(a.body().contains("pid " + successor), a.body());
                assertEquals(oldWorker, ask(kept), "an open connection is still served by its old worker");
                assertTrue(server.master().waitFor(30, TimeUnit.SECONDS), "the old master exits once its workers retired");
                assertEquals(-1, kept.getInputStream().read(), "the open connection is closed, not left waiting");
                try (SocketChannel overUnix = SocketChannel.open(UnixDomainSocketAddress.of(unix))) {
                    assertTrue(ask(Channels.newInputStream(overUnix), Channels.newOutputStream(overUnix)).matches("\\d+"),
                            "the Unix port is served after the old master left");
                }
                int at = served.get();
                awaitServed(served, at + 50);
                synchronized (pids) {
                    Set<String> after = new HashSet<>(pids);
                    after.removeAll(before);
                    assertFalse(after.isEmpty(), "the new workers serve");
                }
            } finally {
                stop.set(true);
                load.join();
            }
            synchronized (failures) {
                assertEquals(List.of(), failures, "no connection refused, no request failed");
            }
            assertTrue(ProcessHandle.of(successor).map(ProcessHandle::isAlive).orElse(false), "the new master serves");
        } finally {
            stopTree(successor);
        }
        assertFalse(Files.exists(pidFile), "the new master removes the pid file when it stops");
        assertFalse(Files.exists(unix), "the new master removes the Unix socket file when it stops");
    }

    @Test
    void aNewMasterThatFailsToStartLeavesTheOldOneServing() throws Exception {
        Path pidFile = dir.resolve("server.pid");
        Path fail = Files.writeString(dir.resolve("fail"), "");
        try (ServerProcess server = ServerProcess.start(dir, App.class, pidFile.toString(), fail.toString())) {
            int port = server.port();
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, 30_000);
            long old = server.master().pid();
            AdminClient.Answer a = AdminClient.post(dir.resolve("jswoole-" + old), "/upgrade");
            assertEquals(409, a.status(), a.body());
            assertTrue(a.body().contains("exited with status") && a.body().contains("goes on serving"), a.body());
            assertEquals(old, PidFile.read(pidFile));
            try (LineClient client = new LineClient(server, Clients.connect("127.0.0.1", port))) {
                client.write("who\n");
                assertTrue(client.read().startsWith("pid="));
            }
            assertTrue(server.master().isAlive());
        }
    }

    @Test
    void aProcessModeServerOnTheNioReactorRefusesToBeUpgraded() throws Exception {
        Path pidFile = dir.resolve("server.pid");
        try (ServerProcess server = ServerProcess.start(dir, App.class, pidFile.toString(), dir.resolve("fail").toString(),
                "mode=process", "reactor=nio")) {
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, 30_000);
            AdminClient.Answer a = AdminClient.post(dir.resolve("jswoole-" + server.master().pid()), "/upgrade");
            assertEquals(409, a.status(), a.body());
            assertTrue(a.body().contains("mode=process on the epoll reactor"), a.body());
            assertTrue(server.master().isAlive());
        }
    }

    /** Asks on {@code s} and returns the pid of the worker that answered. */
    private static String ask(Socket s) throws IOException {
        return ask(s.getInputStream(), s.getOutputStream());
    }

    private static String ask(InputStream in, OutputStream out) throws IOException {
        out.write("who\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            assertTrue(c >= 0, "the connection was closed instead of answered");
            line.append((char) c);
        }
        assertTrue(line.toString().startsWith("pid="), line.toString());
        return line.substring(4);
    }

    private static void awaitServed(AtomicInteger served, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (served.get() < n) {
            assertTrue(System.nanoTime() - deadline < 0, "only " + served.get() + " of " + n + " requests served");
            Thread.sleep(10);
        }
    }

    /** Stops the new master (not a child of the test's process) and waits for its whole tree. */
    private static void stopTree(long pid) throws InterruptedException {
        if (pid <= 0) {
            return;
        }
        ProcessHandle master = ProcessHandle.of(pid).orElse(null);
        if (master == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(master.descendants().toList());
        tree.add(master);
        master.destroy();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
