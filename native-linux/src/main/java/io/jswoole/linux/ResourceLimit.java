package io.jswoole.linux;

import java.util.OptionalLong;

/**
 * A resource limit of a process, as {@code getrlimit} reports it: the soft limit, which applies,
 * and the hard limit, up to which the process may raise the soft one. {@link #UNLIMITED} stands
 * for {@code RLIM_INFINITY}.
 *
 * @param soft the soft limit
 * @param hard the hard limit
 */
public record ResourceLimit(long soft, long hard) {
    /** No limit ({@code RLIM_INFINITY}). */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** From the C values, unsigned 64-bit numbers whose largest ones mean unlimited. */
    static ResourceLimit of(long cSoft, long cHard) {
        return new ResourceLimit(fromC(cSoft), fromC(cHard));
    }

    private static long fromC(long value) {
        return value < 0 ? UNLIMITED : value;
    }

    /** The soft limit, or empty when unlimited. */
    public OptionalLong softLimit() {
        return soft == UNLIMITED ? OptionalLong.empty() : OptionalLong.of(soft);
    }
}
