package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.linux.Posix;
import io.jswoole.linux.UnixDatagram;
import io.jswoole.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * systemd's readiness protocol: a listener on a Unix datagram socket, passed to a real server as
 * {@code NOTIFY_SOCKET}, receives READY=1 with the worker count once every worker runs,
 * RELOADING=1 and READY=1 around a reload, STOPPING=1 at shutdown, in that order and nothing else;
 * only the master sends, as no child inherits the variable. A daemonized master says first that it
 * is the main process now (MAINPID=).
 */
@Timeout(180)
class SystemdNotifyTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} mode, {1} workers")
    @CsvSource({"base, 2", "process, 2"})
    void readyReloadingReadyStopping(String mode, int workers) throws Exception {
        Path socket = dir.resolve("notify");
        try (UnixDatagram listener = UnixDatagram.bind(socket.toString());
             ServerProcess server = start(socket.toString(), mode, workers)) {
            String ready = expect(listener, "READY=1", server);
            assertTrue(ready.contains("STATUS=" + workers + " workers running"), ready);
            assertTrue(environment(server.master().toHandle()).contains("NOTIFY_SOCKET="), "the master's environment");
            assertFalse(server.descendants().isEmpty());
            for (ProcessHandle child : server.descendants()) {
                assertFalse(environment(child).contains("NOTIFY_SOCKET="), "pid " + child.pid() + " inherited NOTIFY_SOCKET");
            }
            Posix.kill(server.master().pid(), Posix.signalNumber("USR1"));
            String reloading = expect(listener, "RELOADING=1", server);
            assertTrue(reloading.contains("MONOTONIC_USEC="), reloading);
            expect(listener, "READY=1", server);
            server.master().destroy(); // SIGTERM
            expect(listener, "STOPPING=1", server);
            assertTrue(server.master().waitFor(60, TimeUnit.SECONDS), "the server did not stop");
            assertNull(listener.receive(Duration.ofMillis(100)), "a message after STOPPING=1");
        }
    }

    /** Over an abstract socket name ({@code @...}), which systemd may use too. */
    @Test
    void aSingleProcessIsReadyAndStops() throws Exception {
        String socket = "@jswoole-notify-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (UnixDatagram listener = UnixDatagram.bind(socket);
             ServerProcess server = start(socket, "base", 1)) {
            assertTrue(expect(listener, "READY=1", server).contains("STATUS=1 worker running"));
            server.master().destroy();
            expect(listener, "STOPPING=1", server);
            assertTrue(server.master().waitFor(60, TimeUnit.SECONDS), "the server did not stop");
        }
    }

    /** The launching process returns; the daemon, which systemd did not start, names itself before READY=1. */
    @Test
    void aDaemonSendsItsPidThenReady() throws Exception {
        Path socket = dir.resolve("notify");
        Path pidFile = dir.resolve("server.pid");
        ProcessHandle daemon = null;
        try (UnixDatagram listener = UnixDatagram.bind(socket.toString());
             ServerProcess launcher = ServerProcess.start(List.of(), Map.of("NOTIFY_SOCKET", socket.toString()), List.of(),
                     dir, SystemdApp.class, "base", "epoll", "2", "daemonize=true", "pid_file=" + pidFile,
                     "log_file=" + dir.resolve("server.log"))) {
            try {
                String mainPid = next(listener, "MAINPID=", launcher);
                assertTrue(mainPid.matches("MAINPID=\\d+\n?"), mainPid);
                long pid = Long.parseLong(mainPid.substring("MAINPID=".length()).trim());
                assertNotEquals(launcher.master().pid(), pid, "the daemon's pid, not the launching process's");
                daemon = ProcessHandle.of(pid).orElseThrow();
                assertTrue(expect(listener, "READY=1", launcher).contains("STATUS=2 workers running"));
                assertTrue(launcher.master().waitFor(60, TimeUnit.SECONDS), "the launching process returned");
                assertEquals(0, launcher.master().exitValue());
                assertEquals(Long.toString(daemon.pid()), Files.readString(pidFile).trim(), "the pid file names it too");
                assertTrue(daemon.destroy(), "SIGTERM to the daemon");
                expect(listener, "STOPPING=1", launcher);
                daemon.onExit().get(60, TimeUnit.SECONDS);
            } finally {
                if (daemon != null) {
                    daemon.descendants().forEach(ProcessHandle::destroyForcibly);
                    daemon.destroyForcibly();
                }
            }
        }
    }

    @Test
    void aNotifySocketThatIsNoSocketStopsStartUp() throws Exception {
        Path missing = dir.resolve("none");
        Path plain = Files.writeString(dir.resolve("plain"), "not a socket");
        for (Path wrong : List.of(missing, plain)) {
            try (ServerProcess server = start(wrong.toString(), "base", 1)) {
                assertTrue(server.master().waitFor(60, TimeUnit.SECONDS), "the server did not stop");
                assertNotEquals(0, server.master().exitValue());
                String line = server.awaitLine(l -> l.contains("NOTIFY_SOCKET=" + wrong + " is no socket"), 5_000);
                assertTrue(line.contains(wrong.equals(missing) ? "ENOENT" : "ECONNREFUSED"), line);
                assertFalse(server.lines().stream().anyMatch(l -> l.contains("listening on")), "it bound a port");
            }
        }
    }

    private ServerProcess start(String notifySocket, String mode, int workers) throws IOException {
        return ServerProcess.start(List.of(), Map.of("NOTIFY_SOCKET", notifySocket), List.of(), dir,
                SystemdApp.class, mode, "epoll", Integer.toString(workers));
    }

    /** The next message, whose first line must be {@code first}. */
    private static String expect(UnixDatagram listener, String first, ServerProcess server) throws IOException {
        String message = next(listener, first, server);
        assertEquals(first, message.split("\n")[0], message);
        return message;
    }

    /** The next message, within {@link #WAIT}. */
    private static String next(UnixDatagram listener, String expected, ServerProcess server) throws IOException {
        byte[] m = listener.receive(WAIT);
        assertNotNull(m, "no message within " + WAIT + " (expected " + expected + "); output:\n"
                + String.join("\n", server.lines()));
        return new String(m, StandardCharsets.UTF_8);
    }

    private static String environment(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ")),
                    StandardCharsets.UTF_8).replace('\0', '\n');
        } catch (IOException e) {
            return ""; // gone already
        }
    }
}
