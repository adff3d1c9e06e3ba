package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.ipc.chronicle.ChronicleJvm;
import io.jswoole.testing.Clients;
import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process mode with {@code buffer_input=true}: the reactor threads and the workers are linked by
 * Chronicle queues in {@code /dev/shm}, which serve clients, push back when full, leave nothing
 * after a stop, and are swept after a crash; a JVM without Chronicle's options, or a
 * {@code worker_pipe} that contradicts {@code buffer_input}, is refused at start with one line.
 */
@Timeout(120)
class BufferInputTest {
    private static final Path SHM = Path.of("/dev/shm");

    @TempDir
    Path dir;

    @SettingEffect(keys = {"worker_pipe", "buffer_input"}, modes = "process")
    @Test
    void clientsAreServedOverTheQueuesAndTheirFilesGoWithTheServer() throws Exception {
        Path links;
        try (ServerProcess server = ServerProcess.start(List.of(), ChronicleJvm.options(), dir, ProcessApp.class,
                "worker_num=2", "reactor_num=2", "worker_pipe=chronicle")) {
            int port = server.port();
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, 60_000);
            for (int i = 0; i < 20; i++) {
                try (Socket s = Clients.connect("127.0.0.1", port)) {
                    byte[] msg = ("message " + i + "\n").getBytes();
                    s.getOutputStream().write(msg);
                    assertArrayEquals(msg, s.getInputStream().readNBytes(msg.length));
                }
            }
            links = SHM.resolve("jswoole-chronicle-jswoole-" + server.master().pid());
            assertTrue(Files.isDirectory(links), "the links live in tmpfs: " + links);
            try (var entries = Files.list(links)) {
                assertEquals(2 + 2 * 2, entries.count(), "a socket per reactor thread and a link per worker and reactor");
            }
            server.master().destroy();
            assertTrue(server.master().waitFor(30, TimeUnit.SECONDS), "stopped");
        }
        assertFalse(Files.exists(links), "no queue file is left after a clean stop");
    }

    /** A link that holds 1 KiB unread fills at once: the client's data waits in its socket, and all of it comes back in order. */
    @SettingEffect(keys = "buffer_input_size", modes = "process")
    @Test
    void aFullLinkPushesBackOnTheClientAndLosesNothing() throws Exception {
        try (ServerProcess server = WorkerPipes.start(WorkerPipes.CHRONICLE, dir, ProcessApp.class,
                "worker_num=1", "reactor_num=1", "buffer_input_size=1024")) {
            int port = server.port();
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 1, 60_000);
            byte[] data = new byte[4 << 20];
            new Random(7).nextBytes(data);
            try (Socket s = Clients.connect("127.0.0.1", port)) {
                s.setSoTimeout(30_000);
                AtomicReference<Throwable> failed = new AtomicReference<>();
                Thread writer = new Thread(() -> {
                    try {
                        OutputStream out = s.getOutputStream();
                        for (int at = 0; at < data.length; at += 64 << 10) {
                            out.write(data, at, Math.min(64 << 10, data.length - at));
                        }
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                }, "writer");
                writer.start();
                byte[] back = s.getInputStream().readNBytes(data.length);
                writer.join(30_000);
                assertEquals(null, failed.get());
                assertArrayEquals(data, back, "every byte echoed in order");
            }
            assertTrue(server.lines().stream().noneMatch(l -> l.contains("dropped") || l.contains("closing connection")),
                    "nothing dropped: " + server.lines());
        }
    }

    @Test
    void theFilesOfAServerKilledWithItsChildrenAreSweptByTheNextStart() throws Exception {
        Path left;
        try (ServerProcess crashed = WorkerPipes.start(WorkerPipes.CHRONICLE, dir, ProcessApp.class, "worker_num=1")) {
            crashed.port();
            crashed.awaitLines(l -> l.startsWith("onWorkerStart"), 1, 60_000);
            left = SHM.resolve("jswoole-chronicle-jswoole-" + crashed.master().pid());
            assertTrue(Files.isDirectory(left));
            List<ProcessHandle> tree = crashed.descendants();
            crashed.master().destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
            assertTrue(crashed.master().waitFor(30, TimeUnit.SECONDS));
            for (ProcessHandle h : tree) {
                h.onExit().get(30, TimeUnit.SECONDS);
            }
        }
        assertTrue(Files.isDirectory(left), "SIGKILL leaves the files behind");
        try (ServerProcess next = WorkerPipes.start(WorkerPipes.CHRONICLE, dir, ProcessApp.class, "worker_num=1")) {
            next.awaitLines(l -> l.startsWith("onWorkerStart"), 1, 60_000);
            assertNotEquals(left, SHM.resolve("jswoole-chronicle-jswoole-" + next.master().pid()));
            assertFalse(Files.exists(left), "the next start sweeps the files of a dead master");
        }
    }

    @Test
    void withoutChroniclesJvmOptionsStartUpIsRefusedNamingThem() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, ProcessApp.class, "worker_num=1", "buffer_input=true")) {
            assertTrue(server.master().waitFor(60, TimeUnit.SECONDS), "start-up refused");
            assertNotEquals(0, server.master().exitValue());
            String line = server.awaitLine(l -> l.contains("buffer_input"), 1_000);
            assertTrue(line.contains("--add-opens=java.base/java.lang.reflect"), line);
        }
    }

    @Test
    void packetsLargerThanTheQueuesCarryAreRefusedAtStart() throws Exception {
        try (ServerProcess server = WorkerPipes.start(WorkerPipes.CHRONICLE, dir, ProcessApp.class, "worker_num=1",
                "open_eof_check=true", "package_eof=\\n", "package_max_length=16M")) {
            assertTrue(server.master().waitFor(60, TimeUnit.SECONDS), "start-up refused");
            String line = server.awaitLine(l -> l.contains("package_max_length"), 1_000);
            assertTrue(line.contains("8388608 bytes at most"), line);
        }
    }

    @Test
    void aWorkerPipeThatContradictsBufferInputIsRefused() throws Exception {
        try (ServerProcess server = WorkerPipes.start(WorkerPipes.CHRONICLE, dir, ProcessApp.class, "worker_num=1",
                "worker_pipe=unixsock")) {
            assertTrue(server.master().waitFor(60, TimeUnit.SECONDS), "start-up refused");
            String line = server.awaitLine(l -> l.contains("worker_pipe"), 1_000);
            assertTrue(line.contains("contradicts buffer_input"), line);
        }
    }
}
