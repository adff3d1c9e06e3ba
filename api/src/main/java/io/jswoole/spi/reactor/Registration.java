package io.jswoole.spi.reactor;

/** A socket's registration with a {@link Poller}; used only on the loop's thread. */
public interface Registration {

    /** The events of interest, a combination of {@link Poller#READ} and {@link Poller#WRITE}. */
    int interest();

    /** Changes the events of interest; a no-op when unchanged. */
    void interest(int ops);

    /** Adds {@code op} to the events of interest, or removes it. */
    default void interest(int op, boolean on) {
        int cur = interest();
        interest(on ? cur | op : cur & ~op);
    }

    /** Stops watching; the socket itself is not closed. Idempotent. */
    void cancel();
}
