package io.jswoole.spi;

/**
 * What every provider of every SPI says about itself: a name users choose it by, a priority used
 * when they do not choose, and whether it can run here.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader}: declare them with
 * {@code provides ... with} in {@code module-info.java} and in {@code META-INF/services} so they
 * work on the module path and on the class path. A provider class needs a public no-argument
 * constructor that does no heavy work; probing belongs in {@link #availability()}.
 */
public interface Provider {

    /** The name a setting selects this provider by, for example {@code "nio"}; lower case. */
    String name();

    /** Higher wins when the user does not name a provider; ties are broken by name. */
    default int priority() {
        return 0;
    }

    /**
     * Whether this provider can run on this machine, with the reason when it cannot. Must be
     * cheap after the first call (probe once, keep the answer) and must not throw.
     */
    Availability availability();
}
