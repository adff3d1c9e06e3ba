package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The finished counts a worker publishes and its master reads, across a successor's start. */
@Timeout(30)
class WorkerProgressTest {
    @TempDir
    Path dir;

    /** A pid no process has (above the kernel's pid_max). */
    private static final long DEAD = 1L << 40;

    @Test
    void theMasterReadsWhatAWorkerPublishedPerReactor() throws IOException {
        try (WorkerProgress master = WorkerProgress.create(dir, 2, 3); WorkerProgress worker = WorkerProgress.open(dir, 2, 3)) {
            int bank = worker.claim(1, DEAD);
            assertEquals(bank, master.bankOf(1, DEAD));
            worker.publish(1, bank, 2, 42);
            assertEquals(42, master.finished(1, bank, 2, DEAD));
            assertEquals(0, master.finished(1, bank, 0, DEAD));
            assertEquals(-1, master.bankOf(0, DEAD), "another worker id has its own banks");
        }
    }

    @Test
    void aSuccessorKeepsItsDeadPredecessorsCountsUntilTheNextGeneration() throws IOException {
        try (WorkerProgress p = WorkerProgress.create(dir, 1, 1)) {
            int first = p.claim(0, DEAD);
            p.publish(0, first, 0, 7);
            int second = p.claim(0, DEAD + 1);
            assertNotEquals(first, second, "the successor takes the other bank");
            assertEquals(7, p.finished(0, first, 0, DEAD), "the dead worker's count is still there");
            assertEquals(0, p.finished(0, second, 0, DEAD + 1), "the successor starts from 0");
            assertEquals(first, p.claim(0, DEAD + 2), "the third takes the oldest bank");
            assertEquals(-1, p.finished(0, first, 0, DEAD), "a count overwritten is known to be lost");
        }
    }

    @Test
    void aLivePredecessorsBankIsNotTaken() throws IOException {
        try (WorkerProgress p = WorkerProgress.create(dir, 1, 1)) {
            long me = ProcessHandle.current().pid();
            int live = p.claim(0, me);
            p.claim(0, DEAD);
            assertNotEquals(live, p.claim(0, DEAD + 1), "a reload's old worker still runs: its bank is kept");
            assertEquals(live, p.bankOf(0, me));
        }
    }
}
