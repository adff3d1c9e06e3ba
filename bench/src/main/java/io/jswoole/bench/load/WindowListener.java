package io.jswoole.bench.load;

/** Told when the measurement window opens and closes, e.g. to sample the server's CPU time at the same moments. */
public interface WindowListener {
    /** Does nothing. */
    WindowListener NONE = new WindowListener() {
    };

    default void windowStarted() {
    }

    default void windowEnded() {
    }
}
