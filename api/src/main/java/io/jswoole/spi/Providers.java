package io.jswoole.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The one way every SPI's provider is chosen:
 * <ol>
 *   <li>an explicit name (from a setting) selects the provider of that name; if it is absent or
 *       unavailable, start-up fails with a message listing every provider found and its
 *       availability;</li>
 *   <li>otherwise ({@code null}, empty or {@code "auto"}) the available provider with the highest
 *       {@link Provider#priority()} wins, ties broken by name, never by class-path order.</li>
 * </ol>
 * Providers come from {@link ServiceLoader}: {@code provides} clauses on the module path and
 * {@code META-INF/services} files on the class path. A provider whose class cannot be loaded or
 * constructed is reported, not silently skipped.
 */
public final class Providers {
    /** The name that means "choose for me". */
    public static final String AUTO = "auto";

    private Providers() {
    }

    /** One provider found on the path, with its availability evaluated once. */
    public record Found<P extends Provider>(P provider, Availability availability) {
        public String name() {
            return provider.name();
        }
    }

    /**
     * Every provider of {@code spi} that can be loaded, sorted by priority (highest first) then
     * name. Providers that fail to load are reported through {@code failures} (may be null).
     */
    public static <P extends Provider> List<Found<P>> list(Class<P> spi, List<String> failures) {
        List<Found<P>> found = new ArrayList<>();
        ServiceLoader<P> loader = ServiceLoader.load(spi, classLoaderFor(spi));
        var it = loader.iterator();
        while (true) {
            P p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                if (failures != null) {
                    failures.add(e.getMessage());
                }
                continue;
            }
            Availability a;
            try {
                a = p.availability();
            } catch (RuntimeException | LinkageError e) {
                a = Availability.unavailable("availability probe failed", e);
            }
            if (found.stream().noneMatch(f -> f.name().equals(p.name()))) {
                found.add(new Found<>(p, a));
            }
        }
        found.sort(Comparator.<Found<P>>comparingInt(f -> -f.provider().priority()).thenComparing(Found::name));
        return found;
    }

    /** Every loadable provider of {@code spi}, best first. */
    public static <P extends Provider> List<Found<P>> list(Class<P> spi) {
        return list(spi, null);
    }

    /**
     * Selects the provider of {@code spi} named {@code requested}, or the best available one.
     *
     * @param spi       the SPI interface
     * @param setting   the setting the name came from, used in error messages (e.g. {@code "reactor"})
     * @param requested the requested name, or {@code null}/{@code ""}/{@code "auto"} to choose automatically
     * @throws ProviderException if the requested provider is absent or unavailable, or none is available
     */
    public static <P extends Provider> P select(Class<P> spi, String setting, String requested) {
        List<String> failures = new ArrayList<>();
        List<Found<P>> found = list(spi, failures);
        boolean auto = requested == null || requested.isBlank() || AUTO.equalsIgnoreCase(requested.trim());
        if (auto) {
            for (Found<P> f : found) {
                if (f.availability().isAvailable()) {
                    return f.provider();
                }
            }
            throw new ProviderException("no available " + spiName(spi) + " provider for " + setting
                    + "; found: " + describe(found, failures));
        }
        String name = requested.trim().toLowerCase(Locale.ROOT);
        for (Found<P> f : found) {
            if (f.name().equals(name)) {
                if (f.availability().isAvailable()) {
                    return f.provider();
                }
                throw new ProviderException(setting + "=" + name + ": the " + spiName(spi) + " provider '" + name
                        + "' is " + f.availability() + "; found: " + describe(found, failures),
                        f.availability().cause());
            }
        }
        throw new ProviderException(setting + "=" + name + ": no " + spiName(spi) + " provider named '" + name
                + "'; found: " + describe(found, failures));
    }

    /** A one-line list of providers, for error messages. */
    public static String describe(List<? extends Found<?>> found, List<String> failures) {
        StringBuilder sb = new StringBuilder();
        if (found.isEmpty()) {
            sb.append("none");
        }
        for (int i = 0; i < found.size(); i++) {
            Found<?> f = found.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(f.name()).append(" (priority ").append(f.provider().priority()).append(", ")
                    .append(f.availability()).append(')');
        }
        if (failures != null) {
            for (String failure : failures) {
                sb.append("; failed to load: ").append(failure);
            }
        }
        return sb.toString();
    }

    private static String spiName(Class<?> spi) {
        String n = spi.getSimpleName();
        return n.endsWith("Provider") ? n.substring(0, n.length() - "Provider".length()) : n;
    }

    private static ClassLoader classLoaderFor(Class<?> spi) {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : spi.getClassLoader();
    }
}
