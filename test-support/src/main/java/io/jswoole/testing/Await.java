package io.jswoole.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.jswoole.spi.reactor.Poller;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline instead of sleeping. */
public final class Await {
    /** How long a test waits for anything before it fails. */
    public static final long DEADLINE_MILLIS = 20_000;

    private Await() {
    }

    /** Polls {@code poller} (on the calling thread) until {@code done} holds. */
    public static void pollUntil(Poller poller, BooleanSupplier done) throws IOException {
        pollUntil(poller, done, DEADLINE_MILLIS);
    }

    /** Polls {@code poller} (on the calling thread) until {@code done} holds, for at most {@code deadlineMillis}. */
    public static void pollUntil(Poller poller, BooleanSupplier done, long deadlineMillis) throws IOException {
        long deadline = System.nanoTime() + deadlineMillis * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("condition not reached within " + deadlineMillis + " ms");
            }
            poller.poll(20);
        }
    }

    /** Waits until {@code done} holds, checking every millisecond. */
    public static void until(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("condition not reached within " + DEADLINE_MILLIS + " ms");
            }
            Thread.sleep(1);
        }
    }
}
