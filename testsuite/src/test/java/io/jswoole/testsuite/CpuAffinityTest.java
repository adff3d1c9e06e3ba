package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.Server;
import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code open_cpu_affinity} and {@code cpu_affinity_ignore}: with every CPU but the first
 * ignored, each worker's event loop (and in process mode each reactor thread) may run on CPU 0
 * only, while the other threads keep every CPU; an ignore list that leaves no CPU is refused.
 */
@Timeout(60)
class CpuAffinityTest {
    @TempDir
    Path dir;

    /** A server in mode {@code args[0]} with the settings that follow; each worker prints the CPUs its loop may use. */
    public static final class App {
        public static void main(String[] args) {
            Server server = new Server("127.0.0.1", 0);
            server.set(Map.of("mode", args[0], "worker_num", 2));
            for (int i = 1; i < args.length; i++) {
                String[] kv = args[i].split("=", 2);
                server.set(Map.of(kv[0], kv[1]));
            }
            server.onReceive((s, fd, reactorId, data) -> s.send(fd, data));
            server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id + " cpus=" + allowed(Path.of("/proc/thread-self/status"))));
            server.start();
        }
    }

    @SettingEffect(keys = {"open_cpu_affinity", "cpu_affinity_ignore"}, modes = {"base", "process"})
    @ParameterizedTest
    @ValueSource(strings = {"base", "process"})
    void everyEventLoopRunsOnTheCpusNotIgnored(String mode) throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        assumeTrue(cpus >= 2, "needs two CPUs");
        String ignored = IntStream.range(1, cpus).mapToObj(Integer::toString).collect(Collectors.joining(","));
        List<String> args = new ArrayList<>(List.of(mode, "open_cpu_affinity=true", "cpu_affinity_ignore=" + ignored));
        if (mode.equals("process")) {
            args.add("reactor_num=2");
        }
        try (ServerProcess server = ServerProcess.start(dir, App.class, args.toArray(String[]::new))) {
            List<String> started = server.awaitLines(l -> l.startsWith("onWorkerStart "), 2, 30_000);
            for (String line : started) {
                assertTrue(line.endsWith(" cpus=0"), "a worker's loop on CPU 0 only: " + line);
            }
            if (mode.equals("process")) {
                List<String> reactors = threads(server.master().pid(), "jswoole-reactor");
                assertEquals(2, reactors.size(), "reactor threads: " + reactors);
                reactors.forEach(cpusOfThread -> assertEquals("0", cpusOfThread));
            }
            String all = "0-" + (cpus - 1);
            assertEquals(all, allowed(Path.of("/proc/" + server.master().pid() + "/status")),
                    "the master's main thread keeps every CPU");
        }
    }

    @Test
    void anIgnoreListThatLeavesNoCpuIsRefused() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        String every = IntStream.range(0, cpus).mapToObj(Integer::toString).collect(Collectors.joining(","));
        try (ServerProcess server = ServerProcess.start(dir, App.class, "base", "open_cpu_affinity=true",
                "cpu_affinity_ignore=" + every)) {
            assertTrue(server.master().waitFor(30, TimeUnit.SECONDS), "start-up ends");
            assertNotEquals(0, server.master().exitValue());
            server.awaitLine(l -> l.contains("cpu_affinity_ignore") && l.contains("leaves no CPU"), 5_000);
        }
    }

    /** The allowed CPUs of each thread of {@code pid} whose name starts with {@code prefix}. */
    private static List<String> threads(long pid, String prefix) throws IOException {
        List<String> found = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(t.resolve("comm")).strip().startsWith(prefix)) {
                    found.add(allowed(t.resolve("status")));
                }
            }
        }
        return found;
    }

    /** The {@code Cpus_allowed_list} of a {@code status} file under /proc. */
    static String allowed(Path status) {
        try {
            return Files.readAllLines(status).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
