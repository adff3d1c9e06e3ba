package io.jswoole.bench.jmh;

import io.jswoole.core.frame.FrameException;
import io.jswoole.core.frame.Framer;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cutting a connection's bytes into packets with the framer a port's settings choose: EOF split
 * ({@code open_eof_split}, {@code \r\n}) or length check ({@code open_length_check}, a 4-byte
 * big-endian length before the body). Each invocation feeds {@value #PACKETS} packets, in reads of
 * {@code read} bytes ({@code 0}: all in one read; otherwise packets straddle reads and the framer
 * keeps the unfinished part). The score is per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FramingBenchmark {
    static final int PACKETS = 64;

    @Param({"eof", "length"})
    public String framing;

    @Param({"64", "1024"})
    public int size;

    @Param({"0", "1000"})
    public int read;

    private Framer framer;
    private ByteBuffer stream;
    private ByteBuffer[] reads;

    @Setup
    public void setUp() {
        Settings.Builder s = Settings.builder();
        if (framing.equals("eof")) {
            s.set(Keys.OPEN_EOF_SPLIT, true).set(Keys.PACKAGE_EOF, "\r\n");
        } else {
            s.set(Keys.OPEN_LENGTH_CHECK, true).set(Keys.PACKAGE_LENGTH_TYPE, "N")
                    .set(Keys.PACKAGE_LENGTH_OFFSET, 0).set(Keys.PACKAGE_BODY_OFFSET, 4);
        }
        framer = Framer.forSettings(s.build());
        stream = ByteBuffer.allocateDirect(PACKETS * size);
        for (int p = 0; p < PACKETS; p++) {
            if (framing.equals("eof")) {
                for (int i = 0; i < size - 2; i++) {
                    stream.put((byte) ('a' + i % 26));
                }
                stream.put((byte) '\r').put((byte) '\n');
            } else {
                stream.putInt(size - 4);
                for (int i = 0; i < size - 4; i++) {
                    stream.put((byte) i);
                }
            }
        }
        stream.flip();
        int chunk = read == 0 ? stream.capacity() : read;
        int n = (stream.capacity() + chunk - 1) / chunk;
        reads = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            int from = i * chunk;
            reads[i] = stream.duplicate().position(from).limit(Math.min(stream.capacity(), from + chunk)).slice();
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void feed(Blackhole bh) throws FrameException {
        for (ByteBuffer r : reads) {
            framer.feed(r.clear(), bh::consume);
        }
    }
}
