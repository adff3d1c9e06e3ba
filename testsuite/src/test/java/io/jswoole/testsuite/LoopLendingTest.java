package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.spi.Providers;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.testing.Sockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An event loop lends its turn to another thread while its own thread waits in the poller (what a
 * task worker's queue thread uses): the work runs at once on the calling thread as the loop, and
 * never beside a turn of the loop's own thread.
 */
@Timeout(30)
class LoopLendingTest {
    private final ReactorProvider epoll = Providers.select(ReactorProvider.class, "reactor", "epoll");
    private EventLoop loop;
    private Thread loopThread;

    private void start(EventLoop l) {
        loop = l;
        loopThread = LoopThreads.start(l, "lending-loop");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            LoopThreads.stop(loop, loopThread);
        }
    }

    /** Lends the loop's turn to this thread as soon as its thread waits; the action's result. */
    private boolean lend(Runnable action) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0) {
            if (loop.runIfWaiting(action)) {
                return true;
            }
            Thread.sleep(1); // the loop's thread has not reached its wait yet: poll again
        }
        return false;
    }

    @Test
    void anIdleLoopLendsItsTurnAndWorkItQueuesOrTimesRunsOnItsOwnThread() throws Exception {
        EventLoop l = new EventLoop(epoll, "lending");
        assertTrue(l.lendWhileWaiting());
        start(l);
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch later = new CountDownLatch(1);
        CountDownLatch timer = new CountDownLatch(1);
        Thread me = Thread.currentThread();
        assertTrue(lend(() -> {
            seen.add("lent on the caller: " + (Thread.currentThread() == me) + ", in the loop: " + loop.inLoop());
            loop.execute(() -> seen.add("execute runs at once: " + (Thread.currentThread() == me)));
            loop.executeLater(() -> {
                seen.add("later on the loop's thread: " + (Thread.currentThread() == loopThread));
                later.countDown();
            });
            // The loop's thread waits without a deadline: a sooner timer must wake it.
            loop.after(5, id -> timer.countDown());
        }));
        assertFalse(loop.inLoop(), "the lent turn is over");
        assertTrue(later.await(10, TimeUnit.SECONDS), "work queued in a lent turn woke the loop");
        assertTrue(timer.await(10, TimeUnit.SECONDS), "a timer set in a lent turn fired");
        assertEquals(List.of("lent on the caller: true, in the loop: true", "execute runs at once: true",
                "later on the loop's thread: true"), seen);
    }

    @Test
    void aBusyLoopDoesNotLendAndItsHandlersNeverRunBesideALentTurn() throws Exception {
        EventLoop l = new EventLoop(epoll, "lending");
        assertTrue(l.lendWhileWaiting());
        start(l);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            busy.countDown();
            await(release);
        });
        assertTrue(busy.await(10, TimeUnit.SECONDS));
        assertFalse(loop.runIfWaiting(() -> { }), "a loop in its own turn lends nothing");
        release.countDown();

        try (ListenSocket listener = Sockets.listen(epoll);
             StreamSocket client = epoll.transport().connect(listener.localAddress());
             StreamSocket server = Sockets.acceptOne(epoll, listener)) {
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch handled = new CountDownLatch(1);
            assertTrue(loop.call(() -> loop.register(server, Poller.READ, ops -> {
                order.add("handler");
                read(server);
                handled.countDown();
            })) != null);
            AtomicBoolean loopWasHeld = new AtomicBoolean();
            assertTrue(lend(() -> {
                order.add("lent turn starts");
                write(client);
                // The byte wakes the loop's thread, which must now wait for this turn to end.
                loopWasHeld.set(waitUntilParked(loopThread));
                order.add("lent turn ends");
            }));
            assertTrue(handled.await(10, TimeUnit.SECONDS));
            assertTrue(loopWasHeld.get(), "the loop's thread, woken by the byte, waited for the lent turn");
            assertEquals(List.of("lent turn starts", "lent turn ends", "handler"), order);
        }
    }

    @Test
    void aLoopOnAPollerWithoutGuardsNeverLends() throws Exception {
        EventLoop l = new EventLoop(Providers.select(ReactorProvider.class, "reactor", "nio"), "nio");
        assertFalse(l.lendWhileWaiting());
        start(l);
        CountDownLatch ran = new CountDownLatch(1);
        loop.execute(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertFalse(loop.runIfWaiting(() -> { }));
    }

    private static boolean waitUntilParked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0) {
            if (t.getState() == Thread.State.WAITING) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(StreamSocket s) {
        try {
            s.write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void read(StreamSocket s) {
        try {
            s.read(ByteBuffer.allocate(16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
