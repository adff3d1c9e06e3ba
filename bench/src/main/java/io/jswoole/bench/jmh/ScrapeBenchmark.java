package io.jswoole.bench.jmh;

import io.jswoole.supervision.WorkerTable;
import io.jswoole.supervision.metrics.MetricsReport;
import io.jswoole.supervision.metrics.ProcessMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one scrape of the admin endpoint costs the master's admin thread: a {@link MetricsReport}
 * over the process table and metrics file of a server with two workers and two task workers on
 * one port, written as the Prometheus text ({@code prometheus}, {@code GET /metrics}) or as JSON
 * ({@code json}, {@code GET /stats}). The workers' histograms have counted callbacks, so every
 * series is written. Run with {@code -prof gc} for the bytes each scrape allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScrapeBenchmark {
    private static final int WORKERS = 2;
    private static final int TASK_WORKERS = 2;

    private Path dir;
    private WorkerTable table;
    private ProcessMetrics metrics;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("jswoole-scrape-bench");
        table = WorkerTable.create(dir, WORKERS + TASK_WORKERS);
        metrics = ProcessMetrics.create(dir, WORKERS + TASK_WORKERS, 1);
        table.started(WorkerTable.slotOf("master", 0), "master", 0);
        table.started(WorkerTable.slotOf("manager", 0), "manager", 0);
        for (int id = 0; id < WORKERS + TASK_WORKERS; id++) {
            String role = id < WORKERS ? "worker" : "task_worker";
            int slot = WorkerTable.slotOf(role, id);
            table.started(slot, role, id);
            ProcessMetrics.Recorder r = metrics.recorder(slot);
            for (long nanos = 500; nanos < 20_000_000; nanos = nanos * 3 / 2) { // over most buckets
                if (id < WORKERS) {
                    r.record(ProcessMetrics.RECEIVE, 0, nanos);
                    r.record(ProcessMetrics.DISPATCH_WAIT, 0, nanos);
                } else {
                    r.record(ProcessMetrics.TASK, 0, nanos);
                }
            }
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        table.close();
        metrics.close();
        Files.deleteIfExists(dir.resolve(WorkerTable.FILE));
        Files.deleteIfExists(dir.resolve(ProcessMetrics.FILE));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public String prometheus() {
        return new MetricsReport(table, metrics).prometheus();
    }

    @Benchmark
    public String json() {
        return new MetricsReport(table, metrics).json();
    }
}
