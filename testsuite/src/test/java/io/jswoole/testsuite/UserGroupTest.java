package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.Server;
import io.jswoole.testing.Await;
import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Swoole's {@code user} and {@code group}: started as root, the workers and task workers run as
 * {@code nobody}/{@code nogroup} while the master keeps root; they still reach each other through
 * the run directory and the message queue, and a worker's {@code shutdown()} stops the server
 * ({@code chroot}: see ChrootTest). Runs only as root, with the user {@code nobody}.
 */
@Timeout(120)
class UserGroupTest {
    private static final String NOBODY = "65534";

    @TempDir
    Path dir;

    @BeforeEach
    void aRunBaseNobodyCanPass() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    }

    /** A server of 2 workers and 1 task worker: "id" → the worker's uid; "task" → the task worker's; "stop" → shutdown(). */
    public static final class App {
        public static void main(String[] args) {
            Server server = new Server("127.0.0.1", 0);
            server.set(Map.of("mode", args[0], "worker_num", 2, "open_eof_split", true, "package_eof", "\\n"));
            if (!List.of(args).contains("task_worker_num=0")) {
                server.set(Map.of("task_worker_num", 1, "task_ipc_mode", args[1]));
            }
            for (int i = 2; i < args.length; i++) {
                server.set(Map.of(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1)));
            }
            server.onReceive((s, fd, reactorId, data) -> {
                switch (new String(data, StandardCharsets.UTF_8).strip()) {
                    case "id" -> s.send(fd, "uid=" + uid() + "\n");
                    case "task" -> {
                        byte[] r = s.taskwait("uid".getBytes(StandardCharsets.UTF_8), 10_000);
                        s.send(fd, "task " + (r == null ? "null" : new String(r, StandardCharsets.UTF_8)) + "\n");
                    }
                    case "stop" -> s.shutdown();
                    default -> s.send(fd, "?\n");
                }
            });
            server.onTask((s, taskId, src, data) -> ("uid=" + uid()).getBytes(StandardCharsets.UTF_8));
            server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id));
            server.start();
        }
    }

    /** The real uid of this process, from {@code /proc/self/status}. */
    static String uid() {
        return uid(ProcessHandle.current().pid());
    }

    private static String uid(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1];
                }
            }
            return "?";
        } catch (IOException e) {
            return "gone";
        }
    }

    private static boolean isRoot() {
        return uid().equals("0");
    }

    /**
     * This test's class path as {@code nobody} can read it: an entry under a directory nobody
     * cannot pass through (a private home's Maven repository) is linked, or copied, into
     * {@code into}, which is readable by anyone.
     */
    private static String classPathNobodyCanRead(Path into) throws IOException {
        Files.createDirectories(into);
        Files.setPosixFilePermissions(into, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new java.util.ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (entry.isEmpty() || !Files.isRegularFile(p) || readableByAnyone(p)) {
                entries.add(entry);
                continue;
            }
            Path copy = into.resolve((n++) + "-" + p.getFileName());
            try {
                Files.createLink(copy, p);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(p, copy);
            }
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            entries.add(copy.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static boolean readableByAnyone(Path p) throws IOException {
        if ((((int) Files.getAttribute(p, "unix:mode")) & 04) == 0) {
            return false;
        }
        for (Path d = p.getParent(); d != null; d = d.getParent()) {
            if ((((int) Files.getAttribute(d, "unix:mode")) & 01) == 0) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @CsvSource({"base,2", "process,1"})
    @SettingEffect(keys = {"user", "group"}, modes = {"base", "process"})
    void workersAndTaskWorkersRunAsTheUserAndStillReachEachOther(String mode, String ipc) throws Exception {
        assumeTrue(isRoot(), "only root may run its workers as another user");
        String classPath = classPathNobodyCanRead(dir.resolve("class-path"));
        try (ServerProcess server = ServerProcess.start(List.of(), Map.of(), List.of(), classPath, dir, App.class, mode,
                ipc, "user=nobody", "group=nogroup")) {
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 3, Await.DEADLINE_MILLIS);
            assertEquals("0", uid(server.master().pid()), "the master keeps root");
            List<ProcessHandle> workers = server.descendants("jswoole.role=worker");
            List<ProcessHandle> taskWorkers = server.descendants("jswoole.role=task_worker");
            assertEquals(2, workers.size());
            assertEquals(1, taskWorkers.size());
            for (ProcessHandle p : List.of(workers.get(0), workers.get(1), taskWorkers.get(0))) {
                assertEquals(NOBODY, uid(p.pid()), "pid " + p.pid());
            }
            for (ProcessHandle p : server.descendants("jswoole.role=manager")) {
                assertEquals("0", uid(p.pid()), "the manager keeps root");
            }
            try (LineClient client = new LineClient(server, io.jswoole.testing.Clients.connect("127.0.0.1", server.port()))) {
                client.write("id\n");
                assertEquals("uid=" + NOBODY, client.read());
                client.write("task\n");
                assertEquals("task uid=" + NOBODY, client.read(), "a task through the run directory or the queue");
                client.write("stop\n");
            }
            assertTrue(server.master().waitFor(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS),
                    () -> "a worker that gave up root stopped the server: " + String.join("\n", server.lines()));
            assertEquals(0, server.master().exitValue());
            assertTrue(server.survivors().isEmpty(), "every process exited: " + server.survivors());
            try (var left = Files.list(dir)) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("jswoole-")).toList(),
                        "the run directory is gone");
            }
        }
    }

    @Test
    void aUserThatDoesNotExistOrOneProcessIsRefused() throws Exception {
        assertRefused("base", "1", "there is no user jswoole-no-such-user", "user=jswoole-no-such-user");
        assumeTrue(isRoot());
        assertRefused("base", "1", "this server runs in one process", "user=nobody", "worker_num=1",
                "task_worker_num=0");
    }

    @Test
    void aClassPathTheUserCannotReadIsRefused() throws Exception {
        assumeTrue(isRoot());
        Path hidden = dir.resolve("hidden");
        Files.createDirectory(hidden, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path jar = Files.copy(Path.of(Server.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                hidden.resolve("api.jar"));
        String classPath = jar + java.io.File.pathSeparator + System.getProperty("java.class.path");
        try (ServerProcess server = ServerProcess.start(List.of(), Map.of(), List.of(), classPath, dir, App.class, "base",
                "1", "user=nobody")) {
            assertTrue(server.master().waitFor(60, TimeUnit.SECONDS), "the server did not stop");
            assertNotEquals(0, server.master().exitValue());
            server.awaitLine(l -> l.contains("nobody may not pass through " + hidden) && l.contains("class path"), 5_000);
        }
    }

    private void assertRefused(String mode, String ipc, String why, String... settings) throws Exception {
        String[] args = new String[2 + settings.length];
        args[0] = mode;
        args[1] = ipc;
        System.arraycopy(settings, 0, args, 2, settings.length);
        try (ServerProcess server = ServerProcess.start(dir, App.class, args)) {
            assertTrue(server.master().waitFor(60, TimeUnit.SECONDS), "the server did not stop");
            assertNotEquals(0, server.master().exitValue());
            server.awaitLine(l -> l.contains(why), 5_000);
            assertFalse(server.lines().stream().anyMatch(l -> l.startsWith("onWorkerStart")), "nothing started");
        }
    }
}
