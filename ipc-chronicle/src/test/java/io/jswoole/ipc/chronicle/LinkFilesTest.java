package io.jswoole.ipc.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A closing listener removes the links of processes that died, and only those. */
@Timeout(30)
class LinkFilesTest {
    @TempDir
    Path serverDir;

    @Test
    void deletesOnlyTheLinksOfDeadProcesses() throws Exception {
        Process child = new ProcessBuilder("true").start();
        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "a short-lived process exits");
        long dead = child.pid();
        long self = ProcessHandle.current().pid();
        Path deadLink = Files.createDirectories(serverDir.resolve("reactor-0-" + dead + "-1").resolve("up"));
        Path liveLink = Files.createDirectory(serverDir.resolve("reactor-0-" + self + "-2"));
        Path otherListener = Files.createDirectory(serverDir.resolve("reactor-1-" + dead + "-3"));

        assertEquals(1, LinkFiles.deleteDeadLinks(serverDir, "reactor-0"));

        assertFalse(Files.exists(deadLink.getParent()), "the dead process's link is gone");
        assertTrue(Files.isDirectory(liveLink), "a live process's link stays");
        assertTrue(Files.isDirectory(otherListener), "another listener's links are its own business");
    }

    @Test
    void aRunningProcessIsAliveAndAFinishedOneIsNot() throws Exception {
        assertTrue(LinkFiles.alive(ProcessHandle.current().pid()));
        Process child = new ProcessBuilder("true").start();
        assertTrue(child.waitFor(20, TimeUnit.SECONDS));
        assertFalse(LinkFiles.alive(child.pid()));
    }

    @Test
    void theListenerNameIsTheSocketFileWithoutItsSuffix() {
        assertEquals("reactor-0", LinkFiles.listenerName(serverDir.resolve("reactor-0.sock")));
    }
}
