package io.jswoole.bench.jmh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A message's round trip through a pipe and back, per pipe ({@link RoundTripPipe#open}): the
 * cost of one hop between master and worker, twice. {@code jdk-unix} is the baseline the Pipe
 * providers are held against.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipeRoundTripBenchmark {

    @Param({"jdk-unix"})
    public String pipe;

    @Param({"64", "4096"})
    public int size;

    private RoundTripPipe channel;
    private ByteBuffer message;
    private ByteBuffer reply;

    @Setup(Level.Trial)
    public void open() throws IOException {
        channel = RoundTripPipe.open(pipe, size);
        message = ByteBuffer.allocateDirect(size);
        reply = ByteBuffer.allocateDirect(size);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        channel.close();
    }

    @Benchmark
    public ByteBuffer roundTrip() throws IOException {
        channel.roundTrip(message.clear(), reply);
        return reply;
    }
}
