package io.jswoole.ipc.chronicle;

import io.jswoole.spi.Availability;
import java.util.ArrayList;
import java.util.List;

/**
 * What a JVM needs to run Chronicle Queue, and whether this one has it.
 *
 * <p>Chronicle reaches into the JDK: on JDK 17 a JVM that loads it must be started with
 * {@code --add-opens=java.base/java.lang.reflect} and {@code --add-exports=java.base/sun.nio.ch}
 * opened to Chronicle (without the first Chronicle fails in its static initialiser, without the
 * second on its first memory mapping), and should have {@code jdk.internal.ref} exported (without
 * it Chronicle logs a warning and frees mappings less promptly). These cannot be set once the JVM
 * runs, so {@link #options()} lists them for whoever starts a JVM that uses this provider, and
 * {@link #availability()} reports a JVM started without them as unavailable, naming the missing
 * option, instead of letting Chronicle fail.
 *
 * <p>Chronicle's own system properties are set by {@link #prepare()}, before any Chronicle class
 * loads: usage analytics off (otherwise Chronicle writes {@code ~/.chronicle.analytics.*} and
 * sends usage data), start-up banner off, disk-space monitor thread off, and JNA's scratch
 * directory in {@code java.io.tmpdir} (otherwise JNA creates {@code ~/.cache/JNA}).
 */
public final class ChronicleJvm {
    /** Chronicle's system properties this provider sets, as {@code name=value}. */
    static final List<String> PROPERTIES = List.of(
            "chronicle.analytics.disable=true",
            "chronicle.announcer.disable=true",
            "chronicle.disk.monitor.disable=true");

    /** JNA (loaded by Chronicle) keeps its native library under {@code ~/.cache/JNA} unless told otherwise. */
    private static final String JNA_TMPDIR = "jna.tmpdir";
    private static final String PROBE_CLASS = "net.openhft.chronicle.core.Jvm";

    private ChronicleJvm() {
    }

    /**
     * The options to put on the command line of a JVM that uses this provider, for this JVM's
     * layout: targeted at {@code ALL-UNNAMED} when Chronicle is on the class path, at
     * {@code chronicle.core} when it is on the module path (which also needs
     * {@code --add-modules ALL-MODULE-PATH,jdk.unsupported}, included then). The {@code -D}
     * properties are included too, so that a child that loads Chronicle before this class still
     * runs with them. On JDK 23 and later, the options that allow native access and
     * {@code sun.misc.Unsafe} memory access are added (JDK 17 rejects the second).
     */
    public static List<String> options() {
        return options(chronicleModuleName(), Runtime.version().feature());
    }

    /**
     * The options for Chronicle loaded as {@code target} ({@code ALL-UNNAMED} or a module name)
     * on a JDK of the given feature release.
     */
    static List<String> options(String target, int jdkFeature) {
        List<String> options = new ArrayList<>(requiredOptions(target));
        options.add("--add-exports=java.base/jdk.internal.ref=" + target);
        if (!target.equals("ALL-UNNAMED")) {
            options.add("--add-modules=ALL-MODULE-PATH,jdk.unsupported");
        }
        if (jdkFeature >= 23) {
            options.add("--enable-native-access=" + (target.equals("ALL-UNNAMED") ? "ALL-UNNAMED" : "ALL-UNNAMED," + target));
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        for (String p : PROPERTIES) {
            options.add("-D" + p);
        }
        options.add("-D" + JNA_TMPDIR + "=" + jnaTmpdir());
        return List.copyOf(options);
    }

    /** The options without which Chronicle does not run at all. */
    static List<String> requiredOptions(String target) {
        return List.of(
                "--add-opens=java.base/java.lang.reflect=" + target,
                "--add-exports=java.base/sun.nio.ch=" + target);
    }

    /**
     * Chronicle's logger (it logs through SLF4J to {@code java.util.logging}), kept reachable so
     * that its level holds: Chronicle reports every file it grows or maps at INFO.
     */
    private static final java.util.logging.Logger CHRONICLE_LOG = java.util.logging.Logger.getLogger("net.openhft");

    /**
     * Sets Chronicle's system properties, and its log level to WARNING unless the application
     * configured one; call before any Chronicle class loads. Idempotent.
     */
    public static void prepare() {
        if (CHRONICLE_LOG.getLevel() == null) {
            CHRONICLE_LOG.setLevel(java.util.logging.Level.WARNING);
        }
        for (String p : PROPERTIES) {
            int eq = p.indexOf('=');
            String key = p.substring(0, eq);
            // Analytics stay off whatever the user set; the others only where the user set nothing.
            if (key.equals("chronicle.analytics.disable") || System.getProperty(key) == null) {
                System.setProperty(key, p.substring(eq + 1));
            }
        }
        if (System.getProperty(JNA_TMPDIR) == null) {
            System.setProperty(JNA_TMPDIR, jnaTmpdir());
        }
    }

    /** Where JNA unpacks its library: the JVM's temporary directory, not the user's home. */
    private static String jnaTmpdir() {
        String set = System.getProperty(JNA_TMPDIR);
        return set != null ? set : System.getProperty("java.io.tmpdir");
    }

    /** Whether Chronicle can run in this JVM; probed once. Never throws. */
    public static Availability availability() {
        return Probe.RESULT;
    }

    /** {@code chronicle.core} on the module path, {@code ALL-UNNAMED} on the class path or when Chronicle is absent. */
    private static String chronicleModuleName() {
        try {
            Module m = Class.forName(PROBE_CLASS, false, ChronicleJvm.class.getClassLoader()).getModule();
            return m.isNamed() ? m.getName() : "ALL-UNNAMED";
        } catch (ClassNotFoundException | LinkageError e) {
            return "ALL-UNNAMED";
        }
    }

    private static final class Probe {
        static final Availability RESULT = probe();

        private static Availability probe() {
            prepare();
            Module chronicle;
            try {
                // Not initialised: its static initialiser is what fails without the options.
                chronicle = Class.forName(PROBE_CLASS, false, ChronicleJvm.class.getClassLoader()).getModule();
            } catch (ClassNotFoundException | LinkageError e) {
                return Availability.unavailable("Chronicle Queue (net.openhft:chronicle-queue) is not on the class or module path", e);
            }
            List<String> missing = missingOptions(chronicle);
            if (!missing.isEmpty()) {
                return Availability.unavailable("this JVM was started without the options Chronicle Queue needs: "
                        + String.join(" ", missing));
            }
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                return Availability.unavailable("the chronicle pipe is built and tested on Linux only");
            }
            try {
                Class.forName(PROBE_CLASS, true, ChronicleJvm.class.getClassLoader());
                return Availability.available();
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                return Availability.unavailable("Chronicle Queue failed to initialise", e);
            }
        }
    }

    /** The required options this JVM lacks for Chronicle loaded in {@code chronicle}. */
    static List<String> missingOptions(Module chronicle) {
        String target = chronicle.isNamed() ? chronicle.getName() : "ALL-UNNAMED";
        Module base = Object.class.getModule();
        List<String> missing = new ArrayList<>();
        if (!base.isOpen("java.lang.reflect", chronicle)) {
            missing.add("--add-opens=java.base/java.lang.reflect=" + target);
        }
        if (!base.isExported("sun.nio.ch", chronicle)) {
            missing.add("--add-exports=java.base/sun.nio.ch=" + target);
        }
        return missing;
    }
}
