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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Swoole's {@code chroot}: started as root, the workers and task workers change their root
 * directory to it once started, while the master and the manager keep theirs; the server still
 * answers, runs tasks, replaces a killed worker with one that is chrooted too, and stops leaving
 * nothing behind, in the run directory's base or in the new root. What a changed root cannot
 * serve is refused at start with {@code chroot} named. Runs only as root, but for the refusal of
 * a directory that does not exist.
 */
@Timeout(120)
class ChrootTest {
    @TempDir
    Path dir;

    /** A server of 2 workers and 1 task worker: echoes a line; "task" → the task worker's root listing; "stop" → shutdown(). */
    public static final class App {
        public static void main(String[] args) {
            Server server = new Server("127.0.0.1", 0);
            server.set(Map.of("mode", args[0], "worker_num", 2, "open_eof_split", true, "package_eof", "\\n",
                    "task_worker_num", 1));
            for (int i = 1; i < args.length; i++) {
                server.set(Map.of(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1)));
            }
            server.onReceive((s, fd, reactorId, data) -> {
                String line = new String(data, StandardCharsets.UTF_8).strip();
                switch (line) {
                    case "task" -> {
                        byte[] r = s.taskwait("ls".getBytes(StandardCharsets.UTF_8), 10_000);
                        s.send(fd, "task " + (r == null ? "null" : new String(r, StandardCharsets.UTF_8)) + "\n");
                    }
                    case "ls" -> s.send(fd, "ls " + listRoot() + "\n");
                    case "manager" -> s.send(fd, "manager " + s.getManagerPid() + "\n");
                    case "stop" -> s.shutdown();
                    default -> s.send(fd, "echo " + line + "\n");
                }
            });
            server.onTask((s, taskId, src, data) -> ("ls " + listRoot()).getBytes(StandardCharsets.UTF_8));
            server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id));
            server.start();
        }

        /** What this process sees in {@code /}, sorted. */
        private static String listRoot() {
            String[] names = new java.io.File("/").list();
            return names == null ? "?" : Stream.of(names).sorted().collect(Collectors.joining(","));
        }
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The root directory of process {@code pid}, from its {@code /proc/<pid>/root} link. */
    private static String rootOf(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "root")).toString();
        } catch (IOException e) {
            return "gone";
        }
    }

    /**
     * This test's class path with every class directory (this module's classes and test classes)
     * made into a jar in {@code into}: a chrooted worker loads its classes from jars it opened
     * before.
     */
    private static String classPathOfJars(Path into) throws IOException {
        Files.createDirectories(into);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (entry.isEmpty() || !Files.isDirectory(p)) {
                entries.add(entry);
                continue;
            }
            Path jar = into.resolve((n++) + "-" + p.getFileName() + ".jar");
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
                 Stream<Path> files = Files.walk(p)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    j.putNextEntry(new JarEntry(p.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, j);
                    j.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "process"})
    @SettingEffect(keys = "chroot", modes = {"base", "process"})
    void workersAndTaskWorkersRunInTheNewRootAndStillServe(String mode) throws Exception {
        assumeTrue(isRoot(), "only root may change the root directory of its workers");
        Path newRoot = Files.createDirectory(dir.resolve("new-root"));
        String expected = newRoot.toRealPath().toString();
        String top = dir.toAbsolutePath().getName(0).toString(); // where the run directory's path starts
        String classPath = classPathOfJars(dir.resolve("class-path"));
        try (ServerProcess server = ServerProcess.start(List.of(), Map.of(), List.of(), classPath, dir, App.class, mode,
                "chroot=" + newRoot)) {
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 3, Await.DEADLINE_MILLIS);
            assertEquals("/", rootOf(server.master().pid()), "the master keeps its root");
            for (ProcessHandle p : server.descendants("jswoole.role=manager")) {
                assertEquals("/", rootOf(p.pid()), "the manager keeps its root");
            }
            List<ProcessHandle> workers = server.descendants("jswoole.role=worker");
            List<ProcessHandle> taskWorkers = server.descendants("jswoole.role=task_worker");
            assertEquals(2, workers.size());
            assertEquals(1, taskWorkers.size());
            for (ProcessHandle p : List.of(workers.get(0), workers.get(1), taskWorkers.get(0))) {
                assertEquals(expected, rootOf(p.pid()), "pid " + p.pid());
            }
            try (LineClient client = new LineClient(server, io.jswoole.testing.Clients.connect("127.0.0.1", server.port()))) {
                client.write("hello\n");
                assertEquals("echo hello", client.read());
                client.write("ls\n");
                assertEquals("ls " + top, client.read(), "a worker sees the new root, holding only the run directory's path");
                client.write("task\n");
                assertEquals("task ls " + top, client.read(), "a task through the run directory, in the new root");
                client.write("manager\n");
                List<ProcessHandle> managers = server.descendants("jswoole.role=manager");
                long manager = managers.isEmpty() ? server.master().pid() : managers.get(0).pid(); // base: the master manages
                assertEquals("manager " + manager, client.read(), "a chrooted worker still knows its manager");
            }

            // A killed worker's successor is chrooted too, and serves.
            Set<Long> before = workers.stream().map(ProcessHandle::pid).collect(Collectors.toSet());
            workers.get(0).destroyForcibly();
            Await.until(() -> {
                List<ProcessHandle> now = server.descendants("jswoole.role=worker");
                return now.size() == 2 && now.stream().anyMatch(p -> !before.contains(p.pid()))
                        && now.stream().allMatch(p -> rootOf(p.pid()).equals(expected));
            });
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 4, Await.DEADLINE_MILLIS);
            for (int i = 0; i < 4; i++) { // new connections reach both workers in turn or by the kernel's choice
                try (LineClient client = new LineClient(server, io.jswoole.testing.Clients.connect("127.0.0.1", server.port()))) {
                    client.write("hello " + i + "\n");
                    assertEquals("echo hello " + i, client.read());
                    client.write("task\n");
                    assertEquals("task ls " + top, client.read());
                }
            }
            try (LineClient client = new LineClient(server, io.jswoole.testing.Clients.connect("127.0.0.1", server.port()))) {
                client.write("stop\n");
            }
            assertTrue(server.master().waitFor(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS),
                    () -> "a chrooted worker stopped the server: " + String.join("\n", server.lines()));
            assertEquals(0, server.master().exitValue(), () -> String.join("\n", server.lines()));
            Await.until(() -> server.survivors().isEmpty());
            try (Stream<Path> left = Files.list(dir)) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("jswoole-")).toList(),
                        "the run directory's link is gone");
            }
            try (Stream<Path> left = Files.list(newRoot)) {
                assertEquals(List.of(), left.toList(), "the run directory and the directories made for it are gone");
            }
            assertFalse(server.lines().stream().anyMatch(l -> l.contains("ERROR") || l.contains("Exception")
                    || l.contains("ready -1 ms")), () -> String.join("\n", server.lines()));
        }
    }

    @Test
    void aDirectoryThatDoesNotExistIsRefused() throws Exception {
        assertRefused(System.getProperty("java.class.path"), "chroot: " + dir.resolve("none") + " does not exist",
                "chroot=" + dir.resolve("none"));
    }

    @Test
    void whatAChangedRootCannotServeIsRefused() throws Exception {
        assumeTrue(isRoot(), "the root check comes first");
        Path newRoot = Files.createDirectory(dir.resolve("new-root"));
        assertRefused(System.getProperty("java.class.path"), "holds classes in a directory", "chroot=" + newRoot);
        String jars = classPathOfJars(dir.resolve("class-path"));
        assertRefused(jars, "chroot: task_ipc_mode 2 (the message queue)", "chroot=" + newRoot, "task_ipc_mode=2");
        assertRefused(jars, "chroot: a chrooted worker reopens log_file", "chroot=" + newRoot,
                "log_file=" + dir.resolve("server.log"));
        assertRefused(jars, "chroot: this server runs in one process", "chroot=" + newRoot, "worker_num=1",
                "task_worker_num=0");
    }

    private void assertRefused(String classPath, String why, String... settings) throws Exception {
        String[] args = new String[1 + settings.length];
        args[0] = "base";
        System.arraycopy(settings, 0, args, 1, settings.length);
        try (ServerProcess server = ServerProcess.start(List.of(), Map.of(), List.of(), classPath, dir, App.class, args)) {
            assertTrue(server.master().waitFor(60, TimeUnit.SECONDS), "the server did not stop");
            assertNotEquals(0, server.master().exitValue());
            server.awaitLine(l -> l.contains(why), 5_000);
            assertFalse(server.lines().stream().anyMatch(l -> l.startsWith("onWorkerStart")), "nothing started");
        }
    }
}
