package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;

/** wakeup() from other threads: it unblocks a poll without a timeout, and is never lost. */
@Timeout(30)
class WakeupContractTest {

    @ReactorTest
    void aWakeupFromAnotherThreadUnblocksAPollWithoutTimeout(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (Poller poller = reactor.openPoller()) {
            CountDownLatch returned = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread loop = new Thread(() -> {
                try {
                    poller.poll(-1);
                } catch (Throwable e) {
                    failure.set(e);
                }
                returned.countDown();
            }, "poll-forever");
            loop.start();
            // The first wake-up may come before the poll blocks: it must make it return all the same.
            poller.wakeup();
            assertTrue(returned.await(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS), "the poll did not return");
            loop.join();
            assertNull(failure.get());
        }
    }

    @ReactorTest
    void aWakeupBeforeThePollIsKeptForIt(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (Poller poller = reactor.openPoller()) {
            poller.wakeup();
            long start = System.nanoTime();
            assertEquals(0, poller.poll(Await.DEADLINE_MILLIS));
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(Await.DEADLINE_MILLIS / 2));
        }
    }

    /** The event loop's pattern: queue a task, wake the loop; every task must be seen, none waits. */
    @ReactorTest
    void noWakeupIsLostUnderContention(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        int producers = 4;
        int tasksEach = 5_000;
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        AtomicInteger seen = new AtomicInteger();
        try (Poller poller = reactor.openPoller()) {
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                threads[p] = new Thread(() -> {
                    for (int i = 0; i < tasksEach; i++) {
                        queue.add(i);
                        poller.wakeup();
                    }
                }, "producer-" + p);
                threads[p].start();
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Await.DEADLINE_MILLIS);
            while (seen.get() < producers * tasksEach && System.nanoTime() - deadline < 0) {
                // Without a timeout: a lost wake-up would block here until the test times out.
                if (queue.isEmpty()) {
                    poller.poll(-1);
                }
                while (queue.poll() != null) {
                    seen.incrementAndGet();
                }
                if (seen.get() == producers * tasksEach) {
                    break;
                }
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(producers * tasksEach, seen.get());
        }
    }
}
