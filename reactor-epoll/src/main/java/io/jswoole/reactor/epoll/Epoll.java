package io.jswoole.reactor.epoll;

import io.jswoole.linux.Errors;
import io.jswoole.spi.Availability;
import java.util.Locale;
import java.util.Properties;

/**
 * Whether the {@code epoll} reactor can run here, probed once by doing: the OS is Linux on x86_64
 * or aarch64, jswoole's native library loads, and {@code epoll_create1} and {@code eventfd}
 * work. The answer and its cause are kept (Netty's {@code Epoll} in jswoole's terms).
 *
 * <p>{@code -D}{@value #DISABLE_PROPERTY}{@code =true} makes it unavailable, so that
 * {@code reactor=auto} chooses another reactor.
 */
public final class Epoll {
    /** The system property that turns the epoll reactor off. */
    public static final String DISABLE_PROPERTY = "jswoole.epoll.disable";

    private static final Availability AVAILABILITY = probe(System.getProperties());

    private Epoll() {
    }

    public static boolean isAvailable() {
        return AVAILABILITY.isAvailable();
    }

    /** The probe's answer, with the reason when unavailable. */
    public static Availability availability() {
        return AVAILABILITY;
    }

    /** Why epoll cannot be used here, or {@code null} when it can. */
    public static Throwable unavailabilityCause() {
        if (AVAILABILITY.isAvailable()) {
            return null;
        }
        Throwable cause = AVAILABILITY.cause();
        return cause != null ? cause : new UnsupportedOperationException(AVAILABILITY.reason());
    }

    /**
     * Throws unless epoll is available.
     *
     * @throws IllegalStateException with the reason, and the probe's failure as its cause
     */
    public static void ensureAvailability() {
        if (!AVAILABILITY.isAvailable()) {
            throw new IllegalStateException("the epoll reactor is " + AVAILABILITY, AVAILABILITY.cause());
        }
    }

    /** Probes with the given system properties; never throws. */
    static Availability probe(Properties properties) {
        if (Boolean.parseBoolean(properties.getProperty(DISABLE_PROPERTY, "false"))) {
            return Availability.unavailable("disabled by -D" + DISABLE_PROPERTY + "=true");
        }
        String os = properties.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            return Availability.unavailable("epoll needs Linux; this is " + properties.getProperty("os.name"));
        }
        String arch = properties.getProperty("os.arch", "");
        if (!Linux.isX86_64(arch) && !Linux.isAarch64(arch)) {
            return Availability.unavailable("the epoll reactor supports x86_64 and aarch64, not " + arch);
        }
        try {
            int epfd = Native.C.epoll_create1(Linux.EPOLL_CLOEXEC);
            if (epfd < 0) {
                return Availability.unavailable("epoll_create1 failed", Errors.lastError("epoll_create1"));
            }
            Native.C.close(epfd);
            int efd = Native.C.eventfd(0, Linux.EFD_NONBLOCK | Linux.EFD_CLOEXEC);
            if (efd < 0) {
                return Availability.unavailable("eventfd failed", Errors.lastError("eventfd"));
            }
            Native.C.close(efd);
            return Availability.available();
        } catch (Throwable e) { // UnsatisfiedLinkError when the native library cannot be loaded
            return Availability.unavailable("jswoole's native library could not be loaded", e);
        }
    }
}
