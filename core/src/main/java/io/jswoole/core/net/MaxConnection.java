package io.jswoole.core.net;

import io.jswoole.linux.Posix;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code max_connection} as the server applies it: the setting, lowered to the open-file limit
 * ({@code RLIMIT_NOFILE}), as Swoole's {@code Server::set_max_connection} does. A connection is a
 * descriptor, so more could never be open at once, and the connection tables are sized by it.
 * The default (100,000) is lowered silently; a value set explicitly is lowered with a warning.
 *
 * <p>The master reads the limit with {@code getrlimit}; its children inherit the limit, and the
 * value is passed down to them ({@link #passDown}), so that a worker starts without loading the
 * C library for it, as Swoole's workers inherit the value the master computed before forking.
 */
public final class MaxConnection {
    /** The system property that carries the master's soft open-file limit ("" for unlimited) to its children. */
    public static final String INHERITED_LIMIT = "jswoole.open_file_limit";

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

    /**
     * This process's soft limit on open files, or empty when unlimited or unknown: the one passed
     * down by the master, or else {@code getrlimit}'s.
     */
    public static OptionalLong openFileLimit() {
        try {
            String inherited = System.getProperty(INHERITED_LIMIT);
            if (inherited != null) {
                return inherited.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(inherited));
            }
            return Posix.openFileLimit().softLimit();
        } catch (IOException | RuntimeException | LinkageError e) {
            return OptionalLong.empty();
        }
    }

    /** A child's system properties {@code props} with {@link #INHERITED_LIMIT} added. */
    public static Map<String, String> passDown(Map<String, String> props) {
        Map<String, String> withLimit = new LinkedHashMap<>(props);
        OptionalLong limit = openFileLimit();
        withLimit.put(INHERITED_LIMIT, limit.isPresent() ? Long.toString(limit.getAsLong()) : "");
        return withLimit;
    }
}
