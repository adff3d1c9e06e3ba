package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.spi.Availability;
import io.jswoole.spi.Providers;
import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Registration;
import io.jswoole.spi.reactor.Transport;
import io.jswoole.testing.Await;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link EventLoop#spinBeforeSleep}: a loop whose events come close together looks again without
 * sleeping; one whose last wait was long sleeps at once; stopping ends a spin.
 */
@Timeout(60)
class LoopSpinTest {
    private final CountingReactor reactor = new CountingReactor(Providers.select(ReactorProvider.class, "reactor", "epoll"));
    private EventLoop loop;
    private Thread loopThread;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            LoopThreads.stop(loop, loopThread);
        }
    }

    private void start(long spinNanos) throws IOException {
        loop = new EventLoop(reactor, "spinning");
        loop.spinBeforeSleep(spinNanos);
        loopThread = LoopThreads.start(loop, "spinning-loop");
    }

    /** Runs {@code action} on the loop and waits until it ran. */
    private void runOnLoop(Runnable action) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        loop.execute(() -> {
            action.run();
            ran.countDown();
        });
        assertTrue(ran.await(10, TimeUnit.SECONDS), "the loop ran the task");
    }

    @Test
    void aLoopWhoseEventsComeCloseTogetherLooksAgainInsteadOfSleeping() throws Exception {
        start(TimeUnit.SECONDS.toNanos(20)); // longer than any wait here: every wait after the first spins
        runOnLoop(() -> { });
        runOnLoop(() -> { }); // the first wait after a task is a spin, whatever the machine's pace
        Await.until(() -> reactor.looks.get() > 0);
        long sleeps = reactor.sleeps.get();
        for (int i = 0; i < 20; i++) {
            runOnLoop(() -> { });
        }
        assertEquals(sleeps, reactor.sleeps.get(), "tasks that came while the loop spun woke no sleeper");
    }

    @Test
    void aLoopWhoseLastWaitWasLongSleepsAtOnce() throws Exception {
        start(TimeUnit.MILLISECONDS.toNanos(1));
        runOnLoop(() -> { });
        Await.until(() -> reactor.sleeping); // after at most one spin of 1 ms
        Thread.sleep(100); // an idle spell: the wait that ends with the next task lasts 100 ms at least
        runOnLoop(() -> { });
        Await.until(() -> reactor.sleeping);
        long looks = reactor.looks.get();
        Thread.sleep(50);
        assertEquals(looks, reactor.looks.get(), "after a 100 ms wait the loop sleeps without spinning");
    }

    @Test
    void stoppingEndsASpin() throws Exception {
        start(TimeUnit.SECONDS.toNanos(60));
        runOnLoop(() -> { });
        runOnLoop(() -> { });
        Await.until(() -> reactor.looks.get() > 0);
        long start = System.nanoTime();
        stop();
        loop = null;
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "stopped within the spin");
    }

    @Test
    void aNegativeSpinIsRefused() throws IOException {
        EventLoop l = new EventLoop(reactor, "refusing");
        assertThrows(IllegalArgumentException.class, () -> l.spinBeforeSleep(-1));
        l.stop();
        l.run(); // closes its poller
    }

    /** The epoll reactor, counting the loop's looks ({@code poll(0)}) and sleeps (polls that may block). */
    private static final class CountingReactor implements ReactorProvider {
        final AtomicLong looks = new AtomicLong();
        final AtomicLong sleeps = new AtomicLong();
        volatile boolean sleeping;
        private final ReactorProvider real;

        CountingReactor(ReactorProvider real) {
            this.real = real;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Availability availability() {
            return real.availability();
        }

        @Override
        public Transport transport() {
            return real.transport();
        }

        @Override
        public Poller openPoller() throws IOException {
            Poller p = real.openPoller();
            return new Poller() {
                @Override
                public Registration register(Pollable pollable, int interest, IoHandler handler) throws IOException {
                    return p.register(pollable, interest, handler);
                }

                @Override
                public int poll(long timeoutMillis) throws IOException {
                    if (timeoutMillis == 0) {
                        looks.incrementAndGet();
                        return p.poll(0);
                    }
                    sleeps.incrementAndGet();
                    sleeping = true;
                    try {
                        return p.poll(timeoutMillis);
                    } finally {
                        sleeping = false;
                    }
                }

                @Override
                public void wakeup() {
                    p.wakeup();
                }

                @Override
                public void close() throws IOException {
                    p.close();
                }
            };
        }
    }
}
