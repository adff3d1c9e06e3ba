package io.jswoole.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProcessTreeTest {

    @Test
    void aProcessThatStopsOnSigtermIsNotKilled() throws Exception {
        Process p = new ProcessBuilder("sleep", "300").start();
        try {
            assertEquals(0, ProcessTree.stop(p.toHandle(), "sleep", Duration.ofSeconds(10)));
            assertTrue(p.waitFor(5, TimeUnit.SECONDS));
            assertEquals(143, p.exitValue(), "ended by SIGTERM");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aTreeThatIgnoresSigtermIsKilledWholeAfterTheGrace() throws Exception {
        // The shell ignores SIGTERM, and so do the two children it starts (an ignored signal stays ignored across exec).
        Process p = new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 300 & sleep 300; wait").start();
        List<ProcessHandle> tree = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (p.toHandle().descendants().count() < 2) {
                assertTrue(System.nanoTime() - deadline < 0, "the shell did not start its two children");
                Thread.sleep(10);
            }
            tree.add(p.toHandle());
            tree.addAll(p.toHandle().descendants().toList());
            long start = System.nanoTime();
            assertEquals(3, ProcessTree.stop(p.toHandle(), "the shell", Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "SIGKILL only after the grace");
            assertTrue(p.waitFor(5, TimeUnit.SECONDS));
            for (ProcessHandle h : tree) {
                h.onExit().get(5, TimeUnit.SECONDS);
                assertFalse(h.isAlive(), "pid " + h.pid() + " survived");
            }
        } finally {
            tree.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
