package io.jswoole.ipc.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ChroniclePipeProviderTest {
    private final Transport transport = Providers.select(ReactorProvider.class, "reactor", "nio").transport();

    @TempDir
    Path runDir;
    @TempDir
    Path shm;

    @Test
    void isFoundByItsNameAndAvailableWithTheOptions() {
        PipeProvider p = Providers.select(PipeProvider.class, "task_ipc_mode", "chronicle");
        assertInstanceOf(ChroniclePipeProvider.class, p);
        assertEquals("chronicle", p.name());
        assertTrue(p.availability().isAvailable(), p.availability().toString());
        assertTrue(p.priority() < 20, "below unixsock: never chosen unless named");
    }

    @Test
    void theOptionsNameWhatChronicleNeedsForTheClassPathAndTheModulePath() {
        assertEquals(List.of(
                "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
                "-Dchronicle.analytics.disable=true",
                "-Dchronicle.announcer.disable=true",
                "-Dchronicle.disk.monitor.disable=true",
                "-Djna.tmpdir=" + System.getProperty("jna.tmpdir")), ChronicleJvm.options("ALL-UNNAMED", 17));
        List<String> modular = ChronicleJvm.options("chronicle.core", 25);
        assertTrue(modular.contains("--add-opens=java.base/java.lang.reflect=chronicle.core"), modular.toString());
        assertTrue(modular.contains("--add-modules=ALL-MODULE-PATH,jdk.unsupported"), modular.toString());
        assertTrue(modular.contains("--sun-misc-unsafe-memory-access=allow"), modular.toString());
        assertEquals(ChronicleJvm.options("ALL-UNNAMED", Runtime.version().feature()), ChronicleJvm.options(),
                "on the class path here");
        assertEquals("true", System.getProperty("chronicle.analytics.disable"), "set before Chronicle loaded");
    }

    @Test
    void refusesANameThatIsNotAPlainFileName() {
        ChroniclePipeProvider p = new ChroniclePipeProvider(shm, 1 << 20);
        for (String bad : new String[] {"", "a/b", "..", "."}) {
            assertThrows(IllegalArgumentException.class, () -> p.listen(runDir, bad, transport).close(), bad);
        }
    }

    @Test
    void connectingToNothingFailsAndLeavesNothing() throws IOException {
        ChroniclePipeProvider p = new ChroniclePipeProvider(shm, 1 << 20);
        assertThrows(IOException.class, () -> p.connect(runDir.resolve("absent.sock").toString(), transport).close());
        try (var l = p.listen(runDir, "gone", transport)) {
            Path serverDir = Path.of(l.address()).getParent();
            Files.delete(Path.of(l.address())); // a socket file nobody listens on any more
            Files.createFile(Path.of(l.address()));
            assertThrows(IOException.class, () -> p.connect(l.address(), transport).close());
            try (var s = Files.list(serverDir)) {
                assertEquals(List.of(Path.of(l.address())), s.toList(), "the failed link was removed");
            }
        }
    }

    @Test
    void theSweepRemovesTheDirectoriesOfDeadMastersOnly() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        long dead = p.pid();
        long alive = ProcessHandle.current().pid();
        Path ofDead = Files.createDirectories(shm.resolve(LinkFiles.PREFIX + "jswoole-" + dead).resolve("w-1-1/up"));
        Path ofDeadSecond = Files.createDirectories(shm.resolve(LinkFiles.PREFIX + "jswoole-" + dead + "-2"));
        Path ofLive = Files.createDirectories(shm.resolve(LinkFiles.PREFIX + "jswoole-" + alive));
        Path other = Files.createDirectories(shm.resolve(LinkFiles.PREFIX + "not-a-run-dir"));
        assertEquals(2, LinkFiles.sweep(shm));
        assertFalse(Files.exists(ofDead.getParent().getParent()));
        assertFalse(Files.exists(ofDeadSecond));
        assertTrue(Files.exists(ofLive));
        assertTrue(Files.exists(other));
    }

    @Test
    void theServerDirectoryIsNamedAfterTheRunDirectory() {
        assertEquals(shm.resolve("jswoole-chronicle-jswoole-123-2"), LinkFiles.serverDir(shm, Path.of("/tmp/jswoole-123-2")));
        assertEquals(Path.of("/tmp/jswoole-123/chronicle"), LinkFiles.serverDir(null, Path.of("/tmp/jswoole-123")));
        assertEquals(Path.of("/tmp/jswoole-123/chronicle"),
                LinkFiles.serverDir(shm.resolve("absent"), Path.of("/tmp/jswoole-123")), "no tmpfs there");
    }
}
