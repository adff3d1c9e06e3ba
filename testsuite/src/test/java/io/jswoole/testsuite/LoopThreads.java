package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jswoole.core.loop.EventLoop;

/** Event loops on threads of their own, for tests that drive a loop from outside. */
final class LoopThreads {
    private LoopThreads() {
    }

    /** Runs {@code loop} on a new thread named {@code name}; returns the thread. */
    static Thread start(EventLoop loop, String name) {
        Thread t = new Thread(loop::run, name);
        t.start();
        return t;
    }

    /** Stops {@code loop} and fails unless its thread ends within 10 s. */
    static void stop(EventLoop loop, Thread thread) throws InterruptedException {
        loop.stop();
        thread.join(10_000);
        assertFalse(thread.isAlive(), "the loop stopped");
    }
}
