package io.jswoole.ipc.redis;

import io.jswoole.log.Log;

/**
 * Whether Redis answers, as this process's connections last saw it: tasks are refused while it
 * does not. The change is logged once each way, not at every failed attempt.
 */
final class Health {
    private final String address;
    private volatile String trouble;

    Health(String address) {
        this.address = address;
    }

    /** A connection failed. */
    synchronized void down(String why) {
        if (trouble == null) {
            trouble = "Redis at " + address + " is unreachable (" + why + ")";
            Log.warn(trouble + "; tasks are refused and the connection is retried");
        }
    }

    /** A connection was made or a command answered. */
    void up() {
        if (trouble != null) {
            synchronized (this) {
                if (trouble != null) {
                    trouble = null;
                    Log.info("Redis at " + address + " answers again");
                }
            }
        }
    }

    /** Null when Redis answers. */
    String trouble() {
        return trouble;
    }
}
