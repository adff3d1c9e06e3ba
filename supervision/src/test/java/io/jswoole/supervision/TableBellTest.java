package io.jswoole.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class TableBellTest {

    @Test
    void aRingWakesEveryBellOfTheDirectoryLongBeforeItsTimeout(@TempDir Path runDir) throws Exception {
        AtomicInteger called = new AtomicInteger();
        try (TableBell first = TableBell.listen(runDir, called::incrementAndGet);
             TableBell second = TableBell.listen(runDir, () -> { })) {
            long seenFirst = first.rings();
            long seenSecond = second.rings();
            Thread ringer = new Thread(() -> TableBell.ring(runDir));
            long t0 = System.nanoTime();
            ringer.start();
            first.await(seenFirst, 20_000);
            second.await(seenSecond, 20_000);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            ringer.join();
            assertEquals(seenFirst + 1, first.rings());
            assertEquals(seenSecond + 1, second.rings());
            assertTrue(millis < 10_000, "woken by the ring, not by the timeout: " + millis + " ms");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (called.get() == 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(1); // the callback runs on the bell's thread, right after the count
            }
            assertEquals(1, called.get());
        }
        try (var left = Files.list(runDir)) {
            assertEquals(0, left.count(), "closing removes the bells' files");
        }
    }

    @Test
    void withoutARingAWaitEndsAtItsTimeoutAndAStaleBellIsSkipped(@TempDir Path runDir) throws Exception {
        Files.writeString(runDir.resolve("bell-1-0.sock"), ""); // a bell whose process died: no socket
        try (TableBell bell = TableBell.listen(runDir, () -> { })) {
            long t0 = System.nanoTime();
            bell.await(bell.rings(), 100);
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(100));
            TableBell.ring(runDir); // skips the stale file, rings the live one
            bell.await(0, 20_000);
            assertEquals(1, bell.rings());
        }
        try (var left = Files.list(runDir)) {
            assertEquals(List.of(runDir.resolve("bell-1-0.sock")), left.toList(), "only the stale file is left");
        }
    }
}
