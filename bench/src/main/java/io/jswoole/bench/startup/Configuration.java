package io.jswoole.bench.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How {@code bench startup} runs {@code bin/jswoole}: {@code before}, the JVM's own defaults and
 * no class-data sharing archive; {@code after}, bin/jswoole's defaults (the archive and
 * {@code -XX:+UseSerialGC -Xms8m -Xmn2m -XX:-TieredCompilation}); {@code cds} and {@code gc}, one
 * of the two alone.
 */
enum Configuration {
    BEFORE("before", "JSWOOLE_CDS=0 JSWOOLE_JAVA_OPTS=\"\": JVM defaults, no CDS archive",
            Map.of("JSWOOLE_CDS", "0", "JSWOOLE_JAVA_OPTS", "")),
    CDS("cds", "JSWOOLE_JAVA_OPTS=\"\": CDS archive, JVM defaults otherwise", Map.of("JSWOOLE_JAVA_OPTS", "")),
    GC("gc", "JSWOOLE_CDS=0: bin/jswoole's JVM options, no CDS archive", Map.of("JSWOOLE_CDS", "0")),
    AFTER("after", "bin/jswoole's defaults: CDS archive and JVM options", Map.of());

    /** bin/jswoole's environment variables, unset first so that the bench's own do not leak in. */
    private static final List<String> VARIABLES = List.of("JSWOOLE_JAVA_OPTS", "JSWOOLE_CDS", "JSWOOLE_CLASSPATH",
            "JSWOOLE_REBUILD");

    private final String label;
    private final String describe;
    private final Map<String, String> environment;

    Configuration(String label, String describe, Map<String, String> environment) {
        this.label = label;
        this.describe = describe;
        this.environment = environment;
    }

    String label() {
        return label;
    }

    String describe() {
        return describe;
    }

    /** The configuration called {@code label}. */
    static Configuration of(String label) {
        for (Configuration c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown configuration '" + label + "': before, cds, gc or after");
    }

    /** {@code env -u ... [VAR=value]... SCRIPT ARGS...}: env execs the script, which execs the master. */
    List<String> command(String script, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("env"));
        VARIABLES.forEach(v -> cmd.addAll(List.of("-u", v)));
        environment.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> cmd.add(e.getKey() + "=" + e.getValue()));
        cmd.add(script);
        cmd.addAll(args);
        return cmd;
    }
}
