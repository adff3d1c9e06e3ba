package io.jswoole.supervision.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.supervision.WorkerTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Durations written as exact decimal seconds, and the bucket labels of a scrape. */
@Timeout(30)
class MetricsReportTest {
    @TempDir
    Path dir;

    @Test
    void secondsAreExactWithoutTrailingZeros() {
        assertEquals("0.0", MetricsReport.seconds(0));
        assertEquals("0.000000001", MetricsReport.seconds(1));
        assertEquals("0.0000025", MetricsReport.seconds(2_500));
        assertEquals("0.001", MetricsReport.seconds(1_000_000));
        assertEquals("1.0", MetricsReport.seconds(1_000_000_000));
        assertEquals("10.0", MetricsReport.seconds(10_000_000_000L));
        assertEquals("123.000000456", MetricsReport.seconds(123_000_000_456L));
    }

    @Test
    void everyBucketOfASeriesIsLabelledByItsBound() throws Exception {
        try (WorkerTable table = WorkerTable.create(dir, 1);
             ProcessMetrics metrics = ProcessMetrics.create(dir, 1, 1)) {
            int slot = WorkerTable.slotOf("worker", 0);
            table.started(slot, "worker", 0);
            metrics.recorder(slot).record(ProcessMetrics.RECEIVE, 0, 3_000);
            String text = new MetricsReport(table, metrics).prometheus();
            String series = "jswoole_callback_duration_seconds_bucket{callback=\"onReceive\",role=\"worker\","
                    + "worker_id=\"0\",port=\"0\",le=\"";
            assertTrue(text.contains(series + "0.000001\"} 0\n"), text);
            assertTrue(text.contains(series + "0.0000025\"} 0\n"), text);
            assertTrue(text.contains(series + "0.000005\"} 1\n"), text);
            assertTrue(text.contains(series + "10.0\"} 1\n"), text);
            assertTrue(text.contains(series + "+Inf\"} 1\n"), text);
            assertTrue(text.contains("jswoole_idle_worker_num 1\n"), text);
        }
    }
}
