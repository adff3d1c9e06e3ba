package io.jswoole.reactor.epoll;

import static org.junit.jupiter.api.Assertions.fail;

import io.jswoole.spi.reactor.Poller;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/** Waiting with a deadline instead of sleeping. */
final class Await {
    static final long DEADLINE_MILLIS = 10_000;

    private Await() {
    }

    /** Polls {@code poller} (on the calling thread) until {@code done} holds. */
    static void pollUntil(Poller poller, BooleanSupplier done) throws IOException {
        long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("condition not reached within " + DEADLINE_MILLIS + " ms");
            }
            poller.poll(20);
        }
    }
}
