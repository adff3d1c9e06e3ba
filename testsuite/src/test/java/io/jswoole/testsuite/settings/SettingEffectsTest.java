package io.jswoole.testsuite.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the settings do, seen from outside: a {@link SettingsApp} in a child JVM in base mode
 * (two worker processes) and in process mode, driven over real sockets and signals.
 */
@Timeout(120)
class SettingEffectsTest {
    private static final long DEADLINE = 30_000;

    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"base", "process"})
    @SettingEffect(keys = {"buffer_output_size", "open_length_check", "package_length_type", "package_length_offset",
            "package_body_offset", "package_max_length", "open_eof_check", "package_eof", "buffer_input_size",
            "open_eof_split", "worker_jvm_options", "process_pool", "worker_num", "mode"},
            modes = {"base", "process"})
    void portsFrameAndLimitAsSetAndWorkersGetTheirJvmOptions(String mode, @TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, SettingsApp.class, "mode=" + mode, "worker_num=2",
                "buffer_output_size=4096", "worker_jvm_options=-Dsettings.mark=given", "process_pool=jvm")) {
            List<String> starts = server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, DEADLINE);
            for (String l : starts) {
                assertTrue(l.endsWith("mark=given"), l);
                assertTrue(!l.contains("pid=" + server.master().pid() + " "), "a worker process of its own: " + l);
            }
            // base mode: the master checks each port, then every worker binds it; process mode: the master only
            int port = server.port(0);
            long binds = server.lines().stream().filter(l -> l.contains("listening on 127.0.0.1:" + port + " ")).count();
            assertEquals(mode.equals("base") ? 3 : 1, binds, String.join("\n", server.lines()));
            // buffer_output_size: a send above it is refused, one below goes out.
            try (Socket c = connect(server.port(0))) {
                c.getOutputStream().write("big 8192\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("refused\n", read(c.getInputStream(), 8));
                c.getOutputStream().write("big 4000\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(4000, readExactly(c.getInputStream(), 4000).length);
            }
            // open_length_check: a packet sent in pieces comes back whole; one over package_max_length closes.
            try (Socket c = connect(server.port(1)); Socket other = connect(server.port(1))) {
                byte[] packet = SettingsApp.lengthPacket("whole packet".getBytes(StandardCharsets.US_ASCII));
                for (byte b : packet) {
                    c.getOutputStream().write(b);
                    c.getOutputStream().flush();
                }
                assertArrayEquals(packet, readExactly(c.getInputStream(), packet.length));
                c.getOutputStream().write(SettingsApp.lengthPacket(new byte[2000]));
                assertEquals(-1, readUntilEnd(c.getInputStream()), "over package_max_length 1024: closed");
                byte[] small = SettingsApp.lengthPacket(new byte[1000]);
                other.getOutputStream().write(small);
                assertArrayEquals(small, readExactly(other.getInputStream(), small.length));
            }
            // open_eof_check with buffer_input_size 1024: lines echo; 2000 bytes without the EOF close.
            try (Socket c = connect(server.port(2))) {
                c.getOutputStream().write("a\nb\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("a\nb\n", read(c.getInputStream(), 4));
                c.getOutputStream().write(new byte[2000]);
                assertEquals(-1, readUntilEnd(c.getInputStream()), "over buffer_input_size 1024 without EOF: closed");
            }
            // open_eof_split: one receive per line.
            try (Socket c = connect(server.port(3))) {
                c.getOutputStream().write("one\ntwo\nthree\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("[one]\n[two]\n[three]\n", read(c.getInputStream(), 20));
            }
        }
    }

    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"base", "process"})
    @SettingEffect(keys = "max_connection", modes = {"base", "process"})
    void connectionsBeyondMaxConnectionAreClosed(String mode, @TempDir Path dir) throws Exception {
        // one worker, so that one table counts every connection
        try (ServerProcess server = ServerProcess.start(dir, SettingsApp.class, "mode=" + mode, "worker_num=1",
                "max_connection=3")) {
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 1, DEADLINE);
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket c = connect(server.port(0));
                    open.add(c);
                    c.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("hi\n", read(c.getInputStream(), 3));
                }
                try (Socket fourth = connect(server.port(0))) {
                    fourth.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals(-1, readUntilEnd(fourth.getInputStream()), "the fourth connection is closed");
                }
                server.awaitLine(l -> l.contains("max_connection"), DEADLINE);
                Socket first = open.get(0);
                first.getOutputStream().write("still\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("still\n", read(first.getInputStream(), 6));
            } finally {
                for (Socket c : open) {
                    c.close();
                }
            }
        }
    }

    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"base", "process"})
    @SettingEffect(keys = {"log_file", "pid_file", "log_level"}, modes = {"base", "process"})
    void logFileLogLevelAndPidFile(String mode, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        Path pid = dir.resolve("server.pid");
        try (ServerProcess server = ServerProcess.start(dir, SettingsApp.class, "mode=" + mode, "worker_num=2",
                "log_file=" + log, "pid_file=" + pid, "log_level=warning", "buffer_output_size=4096")) {
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, DEADLINE);
            awaitFile(pid);
            assertEquals(Long.toString(server.master().pid()), Files.readString(pid).trim());
            int port = Integer.parseInt(server.awaitLine(l -> l.startsWith("port0="), DEADLINE).substring(6));
            try (Socket c = connect(port)) {
                c.getOutputStream().write("big 8192\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("refused\n", read(c.getInputStream(), 8)); // and a warning is logged
            }
            signal(server, "TERM");
            server.master().waitFor();
            String written = Files.readString(log);
            assertTrue(written.contains("refused: larger than buffer_output_size"), "log_file has the warning:\n" + written);
            assertTrue(written.lines().noneMatch(l -> l.contains("listening on")), "info lines are below notice:\n" + written);
            assertTrue(server.lines().stream().noneMatch(l -> l.contains("listening on")),
                    "the log went to log_file, not to the output:\n" + String.join("\n", server.lines()));
            assertTrue(!Files.exists(pid), "the pid file is removed at shutdown");
        }
    }

    @ParameterizedTest(name = "mode={0} reload_async={1}")
    @org.junit.jupiter.params.provider.CsvSource({"base,true", "base,false", "process,true", "process,false"})
    @SettingEffect(keys = "reload_async", modes = {"base", "process"})
    void reloadAsyncStartsTheSuccessorFirst(String mode, boolean async, @TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, SettingsApp.class, "mode=" + mode, "worker_num=2",
                "reload_async=" + async)) {
            server.awaitLines(l -> l.startsWith("onWorkerStart 0"), 1, DEADLINE);
            server.awaitLines(l -> l.startsWith("onWorkerStart 1"), 1, DEADLINE);
            signal(server, "USR1");
            server.awaitLines(l -> l.startsWith("onWorkerStart 0"), 2, DEADLINE);
            server.awaitLines(l -> l.startsWith("onWorkerStop 0"), 1, DEADLINE);
            List<String> lines = server.lines();
            int secondStart = indexOfNth(lines, "onWorkerStart 0", 2);
            int firstStop = indexOfNth(lines, "onWorkerStop 0", 1);
            assertEquals(async, secondStart < firstStop, (async ? "the successor is ready before the old worker"
                    + " stops" : "the old worker stops before its successor starts") + ":\n" + String.join("\n", lines));
        }
    }

    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"base", "process"})
    @SettingEffect(keys = "max_wait_time", modes = {"base", "process"})
    void aWorkerStuckInACallbackIsKilledAfterMaxWaitTime(String mode, @TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, SettingsApp.class, "mode=" + mode, "worker_num=2",
                "max_wait_time=2")) {
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, DEADLINE);
            Socket c = connect(server.port(0));
            c.getOutputStream().write("hang\n".getBytes(StandardCharsets.US_ASCII));
            server.awaitLine(l -> l.startsWith("hanging"), DEADLINE);
            long t0 = System.nanoTime();
            signal(server, "TERM"); // not Process.destroy(): that closes the output we read
            assertTrue(server.master().waitFor(DEADLINE, java.util.concurrent.TimeUnit.MILLISECONDS), "the server stopped");
            long waitedMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waitedMillis >= 1_900, "stopped after " + waitedMillis + " ms: before max_wait_time=2 s");
            assertTrue(server.lines().stream().anyMatch(l -> l.contains("max_wait_time") && l.contains("killing")),
                    String.join("\n", server.lines()));
        }
    }

    private static void signal(ServerProcess server, String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(server.master().pid())).inheritIO().start().waitFor();
    }

    private static int indexOfNth(List<String> lines, String prefix, int n) {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix) && ++seen == n) {
                return i;
            }
        }
        return -1;
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE * 1_000_000;
        while (!Files.exists(file) && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(file), file + " was not written");
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout((int) DEADLINE);
        return s;
    }

    private static String read(InputStream in, int n) throws IOException {
        return new String(readExactly(in, n), StandardCharsets.US_ASCII);
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Reads until end of stream (a reset counts as the end); returns -1 then. */
    private static int readUntilEnd(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // discard
            }
        } catch (java.net.SocketException reset) {
            // the server closed with unread data: the kernel resets
        }
        return -1;
    }
}
