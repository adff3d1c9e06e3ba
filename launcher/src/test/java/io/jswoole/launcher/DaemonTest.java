package io.jswoole.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A daemon runs in / (Swoole's chdir("/")) in a session of its own (setsid), and relative paths
 * still mean the launching directory; its processes reopen the log file when asked, in both modes;
 * {@code status}, {@code stats} and {@code upgrade} reach it through its admin endpoint.
 */
@Timeout(120)
class DaemonTest {

    @Test
    void aDaemonRunsInRootWithItsRelativePathsResolvedWhereItWasLaunched(@TempDir Path dir) throws Exception {
        try (Daemon d = Daemon.launch(dir, "whoami")) {
            // master, manager (the master itself in base mode) and the config file's two workers
            String status = awaitStatus(d.pidFile, 4);
            List<ProcessHandle> tree = d.tree();
            assertEquals(3, tree.size(), "the master and two workers: " + status);
            long pid = d.master.pid();
            assertEquals(pid, sessionOf(pid), "the daemon leads a session of its own");
            assertTrue(sessionOf(ProcessHandle.current().pid()) != pid, "one that is not the launcher's");
            for (ProcessHandle h : tree) {
                assertEquals(pid, sessionOf(h.pid()), "pid " + h.pid() + " is in the daemon's session");
                assertEquals(Path.of("/"), Files.readSymbolicLink(Path.of("/proc", Long.toString(h.pid()), "cwd")),
                        "pid " + h.pid() + " runs in /: " + h.info().commandLine().orElse(""));
            }
            assertTrue(Files.readString(d.log()).contains("worker#1"),
                    "the log file is where its relative path pointed at launch");
            assertEquals(0, run("stop", "--pid-file", d.pidFile.toString()));
            assertFalse(d.master.isAlive());
            assertFalse(Files.exists(d.pidFile));
        }
    }

    /**
     * logrotate renames the log file, then {@code jswoole reopen-logs} makes every process (master,
     * which is also the manager in base mode, workers, task workers) write to a new file of the old name.
     */
    @ParameterizedTest
    @ValueSource(strings = {"base", "process"})
    void reopenLogsMovesEveryProcessToTheNewFile(String mode, @TempDir Path dir) throws Exception {
        try (Daemon d = Daemon.launch(dir, "tasks", "mode=" + mode)) {
            awaitStatus(d.pidFile, 6); // and the example's two task workers
            Path rotated = d.log().resolveSibling("server.log.1");
            Files.move(d.log(), rotated);
            assertEquals(0, run("reopen-logs", "--pid-file", d.pidFile.toString()));
            List<String> roles = new ArrayList<>(List.of("master#0", "worker#0", "worker#1", "task_worker#2",
                    "task_worker#3"));
            if (mode.equals("process")) {
                roles.add("manager#0"); // the master tells the manager, which tells the workers
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<String> missing = roles;
            while (!missing.isEmpty() && System.nanoTime() - deadline < 0) {
                String fresh = Files.exists(d.log()) ? Files.readString(d.log()) : "";
                missing = roles.stream().filter(r -> fresh.lines()
                        .noneMatch(l -> l.contains(r + " ") && l.endsWith("log file reopened"))).toList();
                Thread.sleep(50);
            }
            assertEquals(List.of(), missing, "processes that did not reopen the log file");
            assertEquals(0, run("stop", "--pid-file", d.pidFile.toString()));
            assertTrue(Files.readString(d.log()).contains("shutting down"), "later lines go to the new file");
            assertFalse(Files.readString(rotated).contains("shutting down"), "and not to the rotated one");
        }
    }

    /**
     * {@code status} shows the processes and the figures of the admin endpoint, {@code stats} its
     * Prometheus text and JSON, and {@code upgrade} hands the server over to a new master, which the
     * pid file names then, while the old one leaves.
     */
    @Test
    void statusStatsAndUpgradeAskTheAdminEndpoint(@TempDir Path dir) throws Exception {
        try (Daemon d = Daemon.launch(dir, "whoami")) {
            String status = awaitStatus(d.pidFile, 4);
            assertTrue(status.contains("connections 0 open") && status.contains("workers 2 (2 idle)"), status);
            String metrics = output("stats", "--pid-file", d.pidFile.toString());
            assertTrue(metrics.contains("\njswoole_idle_worker_num 2\n") && metrics.contains("\njswoole_dispatch_count 0\n"),
                    metrics);
            String json = output("stats", "--json", "--pid-file", d.pidFile.toString());
            assertTrue(json.startsWith("{") && json.contains("\"idle_worker_num\":2"), json);

            ProcessHandle old = d.master;
            String upgraded = output("upgrade", "--pid-file", d.pidFile.toString());
            assertTrue(upgraded.startsWith("upgraded: pid "), upgraded);
            d.master = ProcessHandle.of(Long.parseLong(Files.readString(d.pidFile).trim())).orElseThrow();
            assertTrue(d.master.pid() != old.pid(), "the pid file names the new master");
            assertTrue(upgraded.contains("pid " + d.master.pid() + " serves now"), upgraded);
            old.onExit().get(30, TimeUnit.SECONDS); // no connection open: the old master leaves at once
            status = awaitStatus(d.pidFile, 4);
            assertTrue(status.contains(" " + d.master.pid() + " "), status);
            assertEquals(0, run("stop", "--pid-file", d.pidFile.toString()));
            assertFalse(d.master.isAlive());
        }
    }

    /** A daemon of an example launched from {@code <dir>/launch} with relative paths; closing kills what is left of it. */
    private static final class Daemon implements AutoCloseable {
        final Path launch;
        final Path pidFile;
        final Process launcher;
        ProcessHandle master;

        private Daemon(Path launch, Process launcher) {
            this.launch = launch;
            this.pidFile = launch.resolve("run").resolve("server.pid");
            this.launcher = launcher;
        }

        static Daemon launch(Path dir, String example, String... settings) throws Exception {
            Path launch = dir.resolve("launch");
            Files.createDirectories(launch.resolve("run"));
            Files.writeString(launch.resolve("server.conf"), "worker_num = 2\n");
            List<String> relative = new ArrayList<>();
            for (String entry : ChildJvm.jswoolePath().split(File.pathSeparator)) {
                relative.add(launch.relativize(Path.of(entry).toAbsolutePath()).toString());
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx96m", "-cp", String.join(File.pathSeparator, relative), Main.class.getName(),
                    "run", "--example", example, "--port", "0", "--config", "server.conf", "--set", "daemonize=true",
                    "--set", "pid_file=run/server.pid", "--set", "log_file=server.log"));
            for (String setting : settings) {
                cmd.addAll(List.of("--set", setting));
            }
            Path out = dir.resolve("launch.out");
            Process launcher = new ProcessBuilder(cmd).directory(launch.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            Daemon d = new Daemon(launch, launcher);
            try {
                assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launching process returns once the daemon runs");
                assertEquals(0, launcher.exitValue(), Files.readString(out));
                assertTrue(Files.exists(d.pidFile), "the pid file is where its relative path pointed at launch");
                d.master = ProcessHandle.of(Long.parseLong(Files.readString(d.pidFile).trim())).orElseThrow();
                return d;
            } catch (Exception | Error e) {
                d.close();
                throw e;
            }
        }

        Path log() {
            return launch.resolve("server.log");
        }

        /** The master and its descendants now. */
        List<ProcessHandle> tree() {
            List<ProcessHandle> tree = new ArrayList<>();
            tree.add(master);
            tree.addAll(master.descendants().toList());
            return tree;
        }

        @Override
        public void close() throws IOException {
            launcher.destroyForcibly();
            if (master != null) {
                tree().forEach(ProcessHandle::destroyForcibly);
            }
            // the master the pid file names now, if an upgrade started one
            if (Files.exists(pidFile)) {
                master = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElse(null);
                if (master != null) {
                    tree().forEach(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    /** The session id: field 6 of {@code /proc/PID/stat}, counted after the command's closing parenthesis. */
    private static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[3]); // state, ppid, pgrp, session
    }

    /** Polls {@code jswoole status} until it lists {@code processes} running processes. */
    private static String awaitStatus(Path pidFile, int processes) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            if (Main.run(new String[] {"status", "--pid-file", pidFile.toString()}, ps, ps) == 0) {
                last = out.toString(StandardCharsets.UTF_8);
                if (last.lines().filter(l -> l.endsWith("running")).count() == processes) {
                    return last;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("status never showed " + processes + " running processes:\n" + last);
    }

    /** What a command printed, once it succeeded. */
    private static String output(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int status = Main.run(args, ps, ps);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, String.join(" ", args) + ": " + text);
        return text;
    }

    private static int run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        return Main.run(args, ps, ps);
    }
}
