package io.jswoole.core.net;

import io.jswoole.linux.Posix;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * {@code max_connection} as the server applies it: the setting, lowered to the open-file limit
 * ({@code RLIMIT_NOFILE}), as Swoole's {@code Server::set_max_connection} does. A connection is a
 * descriptor, so more could never be open at once, and the connection tables are sized by it.
 * The default (100,000) is lowered silently; a value set explicitly is lowered with a warning.
 */
public final class MaxConnection {
    private MaxConnection() {
    }

    /** The value to size connection tables by; logs nothing (see {@link #checkAtStart}). */
    public static int of(Settings settings) {
        return lowered(settings.get(Keys.MAX_CONNECTION), openFileLimit());
    }

    /** As {@link #of}, and warns when a value set explicitly is lowered; called once, by the master. */
    public static int checkAtStart(Settings settings) {
        int configured = settings.get(Keys.MAX_CONNECTION);
        OptionalLong limit = openFileLimit();
        int value = lowered(configured, limit);
        if (value < configured && settings.isSet(Keys.MAX_CONNECTION)) {
            Log.warn("max_connection " + configured + " exceeds the open-file limit (RLIMIT_NOFILE) of "
                    + limit.getAsLong() + "; lowered to " + value + " (raise the limit with ulimit -n to allow more)");
        }
        return value;
    }

    /** {@code configured}, or {@code limit} when that is lower. */
    static int lowered(int configured, OptionalLong limit) {
        return limit.isPresent() && limit.getAsLong() < configured ? (int) Math.max(1, limit.getAsLong()) : configured;
    }

    /** This process's soft limit on open files ({@code getrlimit}), or empty when unlimited or unknown. */
    public static OptionalLong openFileLimit() {
        try {
            return Posix.openFileLimit().softLimit();
        } catch (IOException | RuntimeException | LinkageError e) {
            return OptionalLong.empty();
        }
    }
}
