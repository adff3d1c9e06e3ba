package io.jswoole.ipc.chronicle;

import static org.junit.jupiter.api.Assertions.fail;

import io.jswoole.spi.reactor.Poller;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/** Waiting on a poller with a deadline instead of sleeping. */
final class Await {
    static final long DEADLINE_MILLIS = 20_000;

    private Await() {
    }

    /** Polls {@code poller} on the calling thread until {@code done} holds. */
    static void pollUntil(Poller poller, BooleanSupplier done) throws IOException {
        pollUntil(poller, done, DEADLINE_MILLIS);
    }

    static void pollUntil(Poller poller, BooleanSupplier done, long deadlineMillis) throws IOException {
        long deadline = System.nanoTime() + deadlineMillis * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("condition not reached within " + deadlineMillis + " ms");
            }
            poller.poll(20);
        }
    }
}
