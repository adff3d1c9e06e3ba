package io.jswoole.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messages in flight to a worker (dispatch_mode 3): claimed atomically, and dropped with a dead
 * predecessor; the idle workers of {@code stats()}.
 */
@Timeout(60)
class WorkerTableTest {
    private static final int SLOT = WorkerTable.slotOf("worker", 0);

    @TempDir
    Path dir;

    @Test
    void anIdleWorkerIsClaimedOnceUntilItHandledTheMessage() throws Exception {
        try (WorkerTable t = WorkerTable.create(dir, 2)) {
            assertTrue(t.claimIdle(SLOT));
            assertFalse(t.claimIdle(SLOT), "busy: one message in flight");
            t.addInFlight(SLOT, 1);
            t.addInFlight(SLOT, -1);
            assertFalse(t.claimIdle(SLOT));
            t.addInFlight(SLOT, -1); // the worker handled it
            assertEquals(0, t.inFlight(SLOT));
            assertTrue(t.claimIdle(SLOT));
        }
    }

    @Test
    void threadsRacingForAnIdleWorkerTakeItOnce() throws Exception {
        try (WorkerTable t = WorkerTable.create(dir, 2)) {
            for (int round = 0; round < 200; round++) {
                AtomicInteger taken = new AtomicInteger();
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Thread th = new Thread(() -> {
                        if (t.claimIdle(SLOT)) {
                            taken.incrementAndGet();
                        }
                    });
                    threads.add(th);
                    th.start();
                }
                for (Thread th : threads) {
                    th.join(10_000);
                }
                assertEquals(1, taken.get(), "round " + round);
                t.addInFlight(SLOT, -1);
            }
        }
    }

    @Test
    void aSuccessorDropsTheMessagesOfADeadPredecessorButNotOfALiveOne() throws Exception {
        try (WorkerTable t = WorkerTable.create(dir, 2)) {
            t.started(SLOT, "worker", 0);
            t.addInFlight(SLOT, 2);
            t.started(SLOT, "worker", 0); // the predecessor (this process) is alive: it handles its own
            assertEquals(2, t.inFlight(SLOT));

            Process gone = new ProcessBuilder("true").start();
            assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
            writePid(SLOT, gone.pid());
            t.started(SLOT, "worker", 0);
            assertEquals(0, t.inFlight(SLOT), "what was in flight died with the predecessor");
        }
    }

    @Test
    void idleWorkersAreTheRunningEventWorkersOutOfACallback() throws Exception {
        try (WorkerTable t = WorkerTable.create(dir, 3)) {
            int other = WorkerTable.slotOf("worker", 1);
            int taskWorker = WorkerTable.slotOf("task_worker", 2);
            t.started(SLOT, "worker", 0);
            t.started(other, "worker", 1);
            t.started(taskWorker, "task_worker", 2);
            assertEquals(2, t.idleWorkers(), "task workers are not counted");
            t.busy(SLOT, true);
            assertEquals(1, t.idleWorkers());
            t.state(other, WorkerTable.STATE_STOPPING);
            assertEquals(0, t.idleWorkers(), "a stopping worker takes nothing more");

            Process gone = new ProcessBuilder("true").start();
            assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
            writePid(SLOT, gone.pid());
            t.started(SLOT, "worker", 0);
            assertEquals(1, t.idleWorkers(), "the successor of a worker that died in a callback is idle");
        }
    }

    /** Makes {@code slot} look as if process {@code pid} had started in it. */
    private void writePid(int slot, long pid) throws Exception {
        try (FileChannel ch = FileChannel.open(dir.resolve(WorkerTable.FILE), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).putLong(0, pid), slot * 64L);
        }
    }
}
