package io.jswoole.examples;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The commands of the {@code kv} example, found from a command's name (its first argument) in any
 * ASCII case by comparing bytes, and where each one's keys lie among its arguments.
 */
public enum KvCommand {
    // Looked up in this order: the most frequent first.
    GET(KeyArgs.FIRST), SET(KeyArgs.FIRST), PING(KeyArgs.NONE), ECHO(KeyArgs.NONE), DEL(KeyArgs.ALL),
    EXISTS(KeyArgs.ALL), INCR(KeyArgs.FIRST), INCRBY(KeyArgs.FIRST), DECR(KeyArgs.FIRST),
    DECRBY(KeyArgs.FIRST), EXPIRE(KeyArgs.FIRST), TTL(KeyArgs.FIRST), MSET(KeyArgs.ODD),
    MGET(KeyArgs.ALL), COMMAND(KeyArgs.NONE), CONFIG(KeyArgs.NONE), QUIT(KeyArgs.NONE);

    /** Where a command's keys are among its arguments (0 is its name). */
    private enum KeyArgs {
        /** It has none. */
        NONE,
        /** Argument 1, if given; any others are not keys. */
        FIRST,
        /** Every argument from 1. */
        ALL,
        /** Every other argument from 1: MSET's keys, between their values. */
        ODD
    }

    private static final KvCommand[] ALL = values(); // values() copies its array at every call

    /** The name in lower case, as error messages show it. */
    final String lowerCaseName = name().toLowerCase(Locale.ROOT);
    private final byte[] lowerCaseBytes = lowerCaseName.getBytes(StandardCharsets.US_ASCII);
    private final KeyArgs keys;

    KvCommand(KeyArgs keys) {
        this.keys = keys;
    }

    /** The command named by {@code command}'s first argument, in any case, or null for one the example does not know. */
    public static KvCommand of(RespCommand command) {
        for (KvCommand c : ALL) {
            if (command.is(0, c.lowerCaseBytes)) {
                return c;
            }
        }
        return null;
    }

    /** Whether its first argument (1) is a key, so that it runs on the worker of that key's shard. */
    public boolean hasKeys() {
        return keys != KeyArgs.NONE;
    }

    /** The end of its keys among {@code count} arguments: they are at 1, 1 + {@link #keyStep()}, ... before it. */
    int keysEnd(int count) {
        return switch (keys) {
            case NONE -> 1;
            case FIRST -> Math.min(count, 2);
            case ALL, ODD -> count;
        };
    }

    /** The distance between two of its keys among its arguments. */
    int keyStep() {
        return keys == KeyArgs.ODD ? 2 : 1;
    }
}
