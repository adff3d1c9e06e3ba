package io.jswoole.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.testing.SettingEffect;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as users run it, in child JVMs: providers found on the module path and on the
 * class path, an echo server a client can talk to, and a daemonized server driven by
 * stop/reload/status.
 */
@Timeout(90)
class PathsAndProcessesTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private static void assertProvidersFound(ChildJvm child) throws InterruptedException {
        assertEquals(0, child.await(60), String.join("\n", child.lines()));
        String out = String.join("\n", child.lines());
        assertTrue(out.contains("* base"), out);
        assertTrue(availableLine(out, "process"), out);
        assertTrue(out.contains("* epoll"), "epoll is available and chosen on Linux: " + out);
        assertTrue(availableLine(out, "nio"), out);
        assertTrue(out.contains("* unixsock"), out);
        assertTrue(out.contains("* jvm"), out);
    }

    /** A provider listed as available (chosen or not). */
    private static boolean availableLine(String out, String provider) {
        return out.lines().map(String::trim).map(l -> l.startsWith("* ") ? l.substring(2) : l)
                .anyMatch(l -> l.startsWith(provider + " ") && l.contains(" available "));
    }

    @Test
    void providersAreFoundOnTheModulePath() throws Exception {
        try (ChildJvm child = ChildJvm.onModulePath("providers")) {
            assertProvidersFound(child);
        }
    }

    @Test
    void providersAreFoundOnTheClassPath() throws Exception {
        try (ChildJvm child = ChildJvm.onClassPath("providers")) {
            assertProvidersFound(child);
        }
    }

    private static int port(ChildJvm child) throws InterruptedException {
        Matcher m = LISTENING.matcher(child.awaitLine(l -> LISTENING.matcher(l).find(), 30_000));
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    private static String echo(int port, String text) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[text.length()];
            int n = 0;
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                assertTrue(r > 0, "closed early");
                n += r;
            }
            return new String(buf, StandardCharsets.UTF_8);
        }
    }

    @Test
    void echoExampleOnTheModulePathServesAndStopsOnSigterm() throws Exception {
        try (ChildJvm child = ChildJvm.onModulePath("run", "--example", "echo", "--port", "0")) {
            int port = port(child);
            assertEquals("hello jswoole\n", echo(port, "hello jswoole\n"));
            child.process().toHandle().destroy();
            assertEquals(0, child.await(30), String.join("\n", child.lines()));
        }
    }

    @Test
    void tasksExampleOnTheModulePathRunsTasksOverTheMessageQueue() throws Exception {
        try (ChildJvm child = ChildJvm.onModulePath("run", "--example", "tasks", "--port", "0", "--set", "task_ipc_mode=3")) {
            int port = port(child);
            child.awaitLines(l -> l.contains(" ready ") && l.contains("ms after spawn"), 3, 60_000);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(20_000);
                s.getOutputStream().write("hello\nwait world\n".getBytes(StandardCharsets.UTF_8));
                java.io.BufferedReader in = new java.io.BufferedReader(
                        new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                List<String> replies = List.of(in.readLine(), in.readLine());
                assertTrue(replies.stream().anyMatch(r -> r.matches("task_worker=[12] pid=\\d+ task=\\d+ HELLO")), replies.toString());
                assertTrue(replies.stream().anyMatch(r -> r.matches("task_worker=[12] pid=\\d+ task=\\d+ WORLD \\(taskwait\\)")),
                        replies.toString());
            }
            child.process().toHandle().destroy();
            assertEquals(0, child.await(30), String.join("\n", child.lines()));
        }
    }

    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"base", "process"})
    @SettingEffect(keys = {"daemonize", "pid_file", "log_file"}, modes = {"base", "process"})
    void daemonizedServerIsDrivenByStopReloadAndStatus(String mode, @TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("server.pid");
        Path log = dir.resolve("server.log");
        try (ChildJvm launch = ChildJvm.onClassPath("run", "--example", "whoami", "--port", "0", "--set", "mode=" + mode,
                "--set", "daemonize=true", "--set", "worker_num=2", "--set", "pid_file=" + pidFile,
                "--set", "log_file=" + log)) {
            assertEquals(0, launch.await(60), "the launching process returns once the daemon runs: "
                    + String.join("\n", launch.lines()));
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
            try {
                assertTrue(daemon.isAlive());
                assertFalse(daemon.parent().map(p -> p.pid() == launch.process().pid()).orElse(false));
                String status = awaitStatus(pidFile, 4);
                assertTrue(status.contains("master") && status.contains("manager"), status);
                assertEquals(0, run(new ByteArrayOutputStream(), "reload", "--pid-file", pidFile.toString()));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertEquals(0, run(out, "stop", "--pid-file", pidFile.toString()));
                assertFalse(daemon.isAlive());
                assertFalse(Files.exists(pidFile));
                assertTrue(Files.readString(log).contains("worker#1"), "children log to log_file with their role");
            } finally {
                daemon.descendants().forEach(ProcessHandle::destroyForcibly);
                daemon.destroyForcibly();
            }
        }
    }

    /** Polls {@code jswoole status} until it lists {@code processes} running processes. */
    private static String awaitStatus(Path pidFile, int processes) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (run(out, "status", "--pid-file", pidFile.toString()) == 0) {
                last = out.toString(StandardCharsets.UTF_8);
                if (last.lines().filter(l -> l.endsWith("running")).count() == processes) {
                    return last;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("status never showed " + processes + " running processes:\n" + last);
    }

    private static int run(ByteArrayOutputStream out, String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    }
}
