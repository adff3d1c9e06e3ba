package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.factory.process.SharedConnectionTable;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.testing.Clients;
import io.jswoole.testing.ServerProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that runs out of descriptors (a child JVM under a low open-file limit, more clients
 * than it may hold) pauses accepting instead of spinning, says so once per pause, keeps serving
 * its open connections, and accepts again once clients leave. Base mode (the worker accepts) and
 * process mode (the master's main reactor accepts), on each reactor. And {@code max_connection}
 * above the open-file limit is lowered to it at start, with a warning.
 */
@Timeout(120)
class OutOfDescriptorsTest {
    /** The open-file limit of the server's processes: room for the JVM and some dozens of clients. */
    static final int OPEN_FILES = 160;
    static final String OUT_OF_DESCRIPTORS = "Too many open files";

    static List<Arguments> modesAndReactors() {
        List<Arguments> all = new ArrayList<>();
        for (String mode : List.of("base", "process")) {
            Reactors.all().forEach(r -> all.add(Arguments.of(mode, r.get()[0])));
        }
        return all;
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} mode, {1}")
    @MethodSource("modesAndReactors")
    void acceptPausesWhenDescriptorsRunOutAndResumesWhenClientsLeave(String mode, ReactorProvider reactor)
            throws Exception {
        Reactors.requireAvailable(reactor);
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "prlimit is not installed");
        List<String> limit = List.of("/usr/bin/prlimit", "--nofile=" + OPEN_FILES + ":" + OPEN_FILES);
        String[] args = mode.equals("process") ? new String[] {mode, reactor.name(), "reactor_num=1"}
                : new String[] {mode, reactor.name()};
        try (ServerProcess server = ServerProcess.start(limit, dir, LimitedEchoApp.class, args)) {
            int port = server.port("TCP");
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 1, Await.DEADLINE_MILLIS);
            long pid = server.master().pid(); // the process that accepts: the worker in base mode, the master in process mode
            List<Socket> flood = new ArrayList<>();
            try (Socket first = Clients.connect("127.0.0.1", port)) {
                echo(first, "before");
                // More clients than descriptors: the kernel completes each connection, the server cannot accept them all.
                for (int i = 0; i < OPEN_FILES + 50; i++) {
                    flood.add(Clients.connect("127.0.0.1", port));
                }
                server.awaitLine(l -> l.contains(OUT_OF_DESCRIPTORS), Await.DEADLINE_MILLIS);
                long cpuBefore = cpuTicks(pid);
                int linesBefore = countLines(server, OUT_OF_DESCRIPTORS);
                long start = System.nanoTime();
                echo(first, "while out of descriptors"); // the open connection is served meanwhile
                Thread.sleep(1000); // the measurement window, not a synchronisation
                long cpu = cpuTicks(pid) - cpuBefore;
                double seconds = (System.nanoTime() - start) / 1e9;
                int lines = countLines(server, OUT_OF_DESCRIPTORS) - linesBefore;
                // A loop that spins on the readable listener burns a core and logs every failed accept.
                assertTrue(lines <= 2, lines + " more lines about running out of descriptors in " + seconds + " s");
                assertTrue(cpu < 0.3 * seconds * CLOCK_TICKS, cpu + " ticks of CPU in " + seconds + " s");
                assertTrue(server.lines().stream().anyMatch(l -> l.contains("not accepting for")), "no pause was logged");

                for (Socket s : flood) {
                    s.close();
                }
                flood.clear();
                try (Socket later = Clients.connect("127.0.0.1", port)) {
                    echo(later, "after clients left"); // within Clients' 10 s read timeout: after the pause
                }
                echo(first, "still here");
                assertEquals(0, countLines(server, "exceeds the open-file limit"), "the default is lowered silently");
            } finally {
                for (Socket s : flood) {
                    s.close();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"base", "process"})
    void maxConnectionAboveTheOpenFileLimitIsLoweredWithAWarning(String mode) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "prlimit is not installed");
        List<String> limit = List.of("/usr/bin/prlimit", "--nofile=" + OPEN_FILES + ":" + OPEN_FILES);
        try (ServerProcess server = ServerProcess.start(limit, dir, LimitedEchoApp.class, mode, "nio",
                "max_connection=100000")) {
            int port = server.port("TCP");
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 1, Await.DEADLINE_MILLIS);
            String warning = "max_connection 100000 exceeds the open-file limit (RLIMIT_NOFILE) of " + OPEN_FILES
                    + "; lowered to " + OPEN_FILES;
            server.awaitLine(l -> l.contains(warning), Await.DEADLINE_MILLIS);
            try (Socket c = Clients.connect("127.0.0.1", port)) {
                echo(c, "served");
            }
            assertEquals(1, countLines(server, "max_connection"), "one warning, from the master: " + server.lines());
            if (mode.equals("process")) {
                // The connection table the master shares with the workers has the lowered size.
                try (Stream<Path> files = Files.walk(dir)) {
                    Path table = files.filter(p -> p.getFileName().toString().equals(SharedConnectionTable.FILE))
                            .findFirst().orElseThrow();
                    try (SharedConnectionTable t = SharedConnectionTable.open(table.getParent())) {
                        assertEquals(OPEN_FILES, t.capacity());
                    }
                }
            }
        }
    }

    /** USER_HZ: the unit of utime and stime in /proc/PID/stat (100 on Linux x86-64). */
    static final int CLOCK_TICKS = 100;

    /** User plus system CPU time of every thread of {@code pid}, in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    private static int countLines(ServerProcess server, String text) {
        return (int) server.lines().stream().filter(l -> l.contains(text)).count();
    }

    private static void echo(Socket s, String text) throws IOException {
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(msg);
        assertArrayEquals(msg, Clients.readExactly(s.getInputStream(), msg.length), "echo of " + text);
    }
}
