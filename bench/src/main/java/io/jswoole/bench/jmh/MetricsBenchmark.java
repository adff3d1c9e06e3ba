package io.jswoole.bench.jmh;

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
 * What the metrics cost a worker per callback: {@code timed} is what a worker adds around each
 * onReceive (two clock reads and the record into the shared metrics file), {@code record} the
 * record alone. Run with {@code -prof gc} to see that neither allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricsBenchmark {
    private Path dir;
    private ProcessMetrics metrics;
    private ProcessMetrics.Recorder recorder;
    private long nanos = 7_000;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("jswoole-metrics-bench");
        metrics = ProcessMetrics.create(dir, 2, 1);
        recorder = metrics.recorder(2);
    }

    @TearDown
    public void tearDown() throws IOException {
        metrics.close();
        Files.deleteIfExists(dir.resolve(ProcessMetrics.FILE));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public void record() {
        nanos = (nanos * 31 + 17) & 0xFFFFF; // durations spread over the first buckets
        recorder.record(ProcessMetrics.RECEIVE, 0, nanos);
    }

    @Benchmark
    public void timed() {
        long start = System.nanoTime();
        recorder.record(ProcessMetrics.RECEIVE, 0, System.nanoTime() - start);
    }
}
