package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import io.jswoole.testing.Sockets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;

/** The one event loop on each provider: its poll timeout drives timers, its wake-ups drive tasks. */
@Timeout(30)
class TimerContractTest {

    @ReactorTest
    void timersFireOnTheLoopNotBeforeTheirTime(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        EventLoop loop = new EventLoop(reactor, "timers-" + reactor.name());
        Thread thread = new Thread(loop::run, "loop-" + reactor.name());
        thread.start();
        try {
            long start = System.nanoTime();
            AtomicLong firedAfter = new AtomicLong();
            AtomicReference<Thread> firedOn = new AtomicReference<>();
            CountDownLatch once = new CountDownLatch(1);
            loop.after(100, id -> {
                firedAfter.set(System.nanoTime() - start);
                firedOn.set(Thread.currentThread());
                once.countDown();
            });
            AtomicInteger ticks = new AtomicInteger();
            CountDownLatch fiveTicks = new CountDownLatch(5);
            long tick = loop.tick(10, id -> {
                ticks.incrementAndGet();
                fiveTicks.countDown();
            });
            long cancelled = loop.after(50, id -> ticks.addAndGet(1_000_000));
            assertTrue(loop.clearTimer(cancelled));

            assertTrue(once.await(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS), "after(100) did not fire");
            assertTrue(firedAfter.get() >= TimeUnit.MILLISECONDS.toNanos(100), "fired after " + firedAfter.get() + " ns");
            assertEquals(thread, firedOn.get(), "timers run on the loop's thread");
            assertTrue(fiveTicks.await(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS), "tick(10) did not repeat");
            assertTrue(loop.clearTimer(tick));
            int afterClear = loop.call(ticks::get);
            assertEquals(afterClear, loop.call(ticks::get), "a cleared tick stays quiet");
            assertTrue(afterClear < 1_000_000, "a cleared timer did not fire");
            assertFalse(loop.clearTimer(tick));
        } finally {
            loop.stop();
            thread.join(Await.DEADLINE_MILLIS);
        }
        assertFalse(thread.isAlive(), "stop() ends the loop");
    }

    @ReactorTest
    void tasksFromOtherThreadsWakeTheLoop(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        EventLoop loop = new EventLoop(reactor, "tasks-" + reactor.name());
        Thread thread = new Thread(loop::run, "loop-" + reactor.name());
        thread.start();
        try {
            // An idle loop with no timer blocks in poll(-1): only wake-ups get tasks through.
            for (int i = 0; i < 200; i++) {
                int n = i;
                assertEquals(n * 2, loop.call(() -> n * 2));
            }
            assertNotEquals(Thread.currentThread(), loop.call(Thread::currentThread));
        } finally {
            loop.stop();
            thread.join(Await.DEADLINE_MILLIS);
        }
    }
    /**
     * A thread that keeps the task queue full (each task busy for 20 us, 10,000 of them queued at
     * any time, refilled as they run) must not keep the loop from its sockets and timers.
     */
    @ReactorTest
    void aThreadQueueingTasksWithoutPauseStarvesNeitherIoNorTimers(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        EventLoop loop = new EventLoop(reactor, "busy-" + reactor.name());
        Thread thread = new Thread(loop::run, "loop-" + reactor.name());
        thread.start();
        AtomicBoolean producing = new AtomicBoolean(true);
        Semaphore queued = new Semaphore(10_000);
        AtomicLong tasksRun = new AtomicLong();
        Runnable busy = () -> {
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
            tasksRun.incrementAndGet();
            queued.release();
        };
        Thread producer = new Thread(() -> {
            try {
                while (producing.get()) {
                    if (queued.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                        loop.execute(busy);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "producer");
        try (DatagramSocket socket = reactor.transport().bindDatagram(Sockets.LOOPBACK, Sockets.defaults());
             java.net.DatagramSocket sender = new java.net.DatagramSocket()) {
            try {
                CountDownLatch read = new CountDownLatch(1);
                CountDownLatch fired = new CountDownLatch(1);
                loop.call(() -> loop.register(socket, Poller.READ, ops -> {
                    try {
                        if (socket.receive(ByteBuffer.allocate(16)) != null) {
                            read.countDown();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
                producer.start();
                Await.until(() -> tasksRun.get() > 1000); // the queue is full and being worked through
                loop.after(20, id -> fired.countDown());
                sender.send(new DatagramPacket(new byte[] {1}, 1, socket.localAddress()));
                assertTrue(fired.await(5, TimeUnit.SECONDS), "a timer did not fire while tasks kept coming");
                assertTrue(read.await(5, TimeUnit.SECONDS), "a readable socket was not served while tasks kept coming");
                assertTrue(producer.isAlive() && queued.availablePermits() < 10_000, "the producer kept at it");
            } finally {
                producing.set(false);
                producer.join(Await.DEADLINE_MILLIS);
                loop.stop();
                thread.join(Await.DEADLINE_MILLIS);
            }
        }
        assertFalse(thread.isAlive(), "stop() ends the loop");
    }
}
