package io.jswoole.bench.jmh;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.spi.Providers;
import io.jswoole.spi.reactor.ReactorProvider;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The event loop's wake-up and dispatch: another thread hands it a task with
 * {@link EventLoop#execute} and spins until the task has run. {@code wakeup} hands one task to a
 * loop asleep in its poller (one wake-up per task); {@code batch} hands {@value #BATCH} at once
 * (one wake-up for all, the score is per task).
 *
 * <p>{@code reactor} names the Reactor provider ({@code -p reactor=epoll} once an epoll provider
 * is on the class path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventLoopBenchmark {
    static final int BATCH = 64;

    @Param({"nio"})
    public String reactor;

    private EventLoop loop;
    private Thread thread;
    private final AtomicLong done = new AtomicLong();
    private long sequence;

    @Setup(Level.Trial)
    public void start() throws IOException {
        loop = new EventLoop(Providers.select(ReactorProvider.class, "reactor", reactor), "bench-loop");
        thread = new Thread(loop::run, "bench-loop");
        thread.setDaemon(true);
        thread.start();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        loop.stop();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Benchmark
    public long wakeup() {
        long seq = ++sequence;
        loop.execute(() -> done.lazySet(seq));
        return await(seq);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long batch() {
        long seq = 0;
        for (int i = 0; i < BATCH; i++) {
            seq = ++sequence;
            long s = seq;
            loop.execute(() -> done.lazySet(s));
        }
        return await(seq);
    }

    private long await(long seq) {
        while (done.get() != seq) {
            Thread.onSpinWait();
        }
        return seq;
    }
}
