package io.jswoole.core.util;

import io.jswoole.log.Log;

/**
 * Runs user callbacks so that one that throws is logged with its name and does not take the
 * event loop down.
 */
public final class Callbacks {
    private Callbacks() {
    }

    /** A callback body that may throw. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body}; logs and returns false if it throws. */
    public static boolean run(String name, Body body) {
        try {
            body.run();
            return true;
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            Log.error(name + " threw " + e, e);
            return false;
        }
    }
}
