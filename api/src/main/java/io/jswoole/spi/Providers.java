package io.jswoole.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

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
 * constructed is reported, not silently skipped. A child process of a server, which has its
 * master's class path, is told which provider classes its master found ({@link #INHERITED}) and
 * constructs those: looking for them scans every jar on the class path, some 40 ms of a worker's
 * start. Where that fails (on the module path a provider's package need not be open), it looks
 * for itself.
 */
public final class Providers {
    /** The name that means "choose for me". */
    public static final String AUTO = "auto";
    /** The system property that gives a child the provider classes its master found, per SPI. */
    public static final String INHERITED = "jswoole.provider_classes";

    /** The provider classes this process found, per SPI (interface name), in the order found. */
    private static final Map<String, List<String>> FOUND = new ConcurrentHashMap<>();

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
        List<P> providers = inherited(spi);
        if (providers == null) {
            providers = load(spi, failures);
        }
        List<Found<P>> found = new ArrayList<>();
        for (P p : providers) {
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

    /**
     * The provider classes this process found, for a child's {@link #INHERITED} property:
     * {@code spi=class,class;spi=class}.
     */
    public static String inheritable() {
        Map<String, List<String>> all = new LinkedHashMap<>(FOUND);
        String inherited = System.getProperty(INHERITED);
        if (inherited != null) {
            parse(inherited).forEach(all::putIfAbsent);
        }
        StringBuilder sb = new StringBuilder();
        all.forEach((spi, classes) -> sb.append(sb.length() == 0 ? "" : ";").append(spi).append('=')
                .append(String.join(",", classes)));
        return sb.toString();
    }

    /** The providers of {@code spi} that the master found, constructed here; null where none were passed or one fails. */
    private static <P extends Provider> List<P> inherited(Class<P> spi) {
        String inherited = System.getProperty(INHERITED);
        List<String> classes = inherited == null ? null : parse(inherited).get(spi.getName());
        if (classes == null) {
            return null;
        }
        List<P> providers = new ArrayList<>();
        try {
            for (String name : classes) {
                providers.add(Class.forName(name, true, classLoaderFor(spi)).asSubclass(spi).getConstructor().newInstance());
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // not constructible from here (a module's closed package, say): ServiceLoader finds it
        }
        return providers;
    }

    private static Map<String, List<String>> parse(String inherited) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String entry : inherited.split(";")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                m.put(entry.substring(0, eq), entry.length() > eq + 1 ? List.of(entry.substring(eq + 1).split(",")) : List.of());
            }
        }
        return m;
    }

    /** The providers ServiceLoader finds, remembered for child processes. */
    private static <P extends Provider> List<P> load(Class<P> spi, List<String> failures) {
        List<P> providers = new ArrayList<>();
        boolean failed = false;
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
                failed = true;
                if (failures != null) {
                    failures.add(e.getMessage());
                }
                continue;
            }
            providers.add(p);
        }
        if (!failed) { // after a failure a child looks itself, to report the same one
            List<String> classes = new ArrayList<>();
            providers.forEach(p -> classes.add(p.getClass().getName()));
            FOUND.put(spi.getName(), List.copyOf(classes));
        }
        return providers;
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
