package io.jswoole.spi.reactor;

/** Receives a registration's readiness from {@link Poller#poll}, on the loop's thread. */
@FunctionalInterface
public interface IoHandler {

    /** @param readyOps a combination of {@link Poller#READ} and {@link Poller#WRITE} */
    void onReady(int readyOps);
}
