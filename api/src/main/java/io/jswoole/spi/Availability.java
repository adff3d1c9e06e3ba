package io.jswoole.spi;

import java.util.Objects;

/**
 * Whether a provider can run here and, if not, why (Netty's {@code Epoll.unavailabilityCause()}
 * in value form).
 */
public final class Availability {
    private static final Availability AVAILABLE = new Availability(null, null);

    private final String reason;
    private final Throwable cause;

    private Availability(String reason, Throwable cause) {
        this.reason = reason;
        this.cause = cause;
    }

    /** The provider can run here. */
    public static Availability available() {
        return AVAILABLE;
    }

    /** The provider cannot run here, for the given human-readable reason. */
    public static Availability unavailable(String reason) {
        return new Availability(Objects.requireNonNull(reason, "reason"), null);
    }

    /** The provider cannot run here because probing it failed with {@code cause}. */
    public static Availability unavailable(String reason, Throwable cause) {
        return new Availability(Objects.requireNonNull(reason, "reason"), cause);
    }

    public boolean isAvailable() {
        return reason == null;
    }

    /** Why the provider cannot run, or {@code null} when it can. */
    public String reason() {
        return reason;
    }

    /** The failure behind {@link #reason()}, if one was caught while probing. */
    public Throwable cause() {
        return cause;
    }

    @Override
    public String toString() {
        if (isAvailable()) {
            return "available";
        }
        return cause == null ? "unavailable: " + reason : "unavailable: " + reason + " (" + cause + ")";
    }
}
