package io.jswoole.supervision.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ProcessMetricsTest {
    @TempDir
    Path dir;

    @Test
    void bucketsAreOneTwoAndAHalfFivePerDecadeFromOneMicrosecondToTenSeconds() {
        assertEquals(22, ProcessMetrics.BOUNDS_NANOS.length);
        assertEquals(1_000, ProcessMetrics.BOUNDS_NANOS[0]);
        assertEquals(2_500, ProcessMetrics.BOUNDS_NANOS[1]);
        assertEquals(10_000_000_000L, ProcessMetrics.BOUNDS_NANOS[21]);
        assertEquals(0, ProcessMetrics.bucket(0));
        assertEquals(0, ProcessMetrics.bucket(1_000));
        assertEquals(1, ProcessMetrics.bucket(1_001));
        assertEquals(22, ProcessMetrics.bucket(10_000_000_001L), "above every bound");
    }

    @Test
    void whatOneMappingRecordsAnotherReads() throws IOException {
        try (ProcessMetrics created = ProcessMetrics.create(dir, 2, 3)) {
            ProcessMetrics.Recorder worker1 = ProcessMetrics.recorder(dir, 3); // slot of worker id 1
            worker1.record(ProcessMetrics.RECEIVE, 2, 800);
            worker1.record(ProcessMetrics.RECEIVE, 2, 3_000);
            worker1.record(ProcessMetrics.RECEIVE, 2, 20_000_000_000L);
            worker1.record(ProcessMetrics.TASK, 0, 40_000);
            worker1.counters(5, 7, 2, 11, 1, 11);
            try (ProcessMetrics reader = ProcessMetrics.open(dir)) {
                assertEquals(4, reader.slots());
                assertEquals(3, reader.ports());
                ProcessMetrics.Histogram h = reader.histogram(3, ProcessMetrics.RECEIVE, 2);
                assertEquals(3, h.count());
                assertEquals(800 + 3_000 + 20_000_000_000L, h.sumNanos());
                assertEquals(1, h.buckets()[0]);
                assertEquals(1, h.buckets()[2]);
                assertEquals(1, h.buckets()[22]);
                assertEquals(1_000, h.quantileBound(0.3));
                assertEquals(5_000, h.quantileBound(0.5));
                assertEquals(-1, h.quantileBound(0.99), "above every bound");
                assertEquals(1, reader.histogram(3, ProcessMetrics.TASK, 0).count());
                assertEquals(0, reader.histogram(2, ProcessMetrics.RECEIVE, 2).count(), "another slot");
                assertEquals(0, reader.histogram(3, ProcessMetrics.PACKET, 2).count(), "another kind");
                assertArrayEquals(new long[] {5, 7, 2, 11, 1, 11}, reader.counters(3));
            }
            assertThrows(IllegalArgumentException.class, () -> created.recorder(4));
        }
    }

    @Test
    void aFileOfAnotherKindIsRefused() throws IOException {
        Files.write(dir.resolve(ProcessMetrics.FILE), new byte[128]);
        IOException e = assertThrows(IOException.class, () -> ProcessMetrics.open(dir));
        assertEquals(dir.resolve(ProcessMetrics.FILE) + " is not a metrics file of this version", e.getMessage());
    }
}
