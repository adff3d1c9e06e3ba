package io.jswoole.bench.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a jswoole server is started: through {@code bin/jswoole}, exactly as users run it (with its
 * default JVM options and class-data sharing; {@code JSWOOLE_JAVA_OPTS} replaces the options), or
 * with {@code java -cp LIB/* io.jswoole.launcher.Main} and explicit JVM options.
 *
 * @param prefix      the command up to the launcher's arguments
 * @param environment variables to set for the server
 */
public record Launcher(List<String> prefix, Map<String, String> environment, String describe) {

    /** {@code bin/jswoole}; non-empty {@code jvmOptions} replace its defaults. */
    public static Launcher script(Path script, List<String> jvmOptions) {
        String opts = String.join(" ", jvmOptions);
        Map<String, String> env = jvmOptions.isEmpty() ? Map.of() : Map.of("JSWOOLE_JAVA_OPTS", opts);
        return new Launcher(List.of(script.toString()), env,
                "bin/jswoole" + (jvmOptions.isEmpty() ? " (its default JVM options)" : " with " + opts));
    }

    /** {@code java OPTIONS -cp LIB/* io.jswoole.launcher.Main}. */
    public static Launcher classPath(Path java, Path lib, List<String> jvmOptions) {
        List<String> p = new ArrayList<>();
        p.add(java.toString());
        p.addAll(jvmOptions);
        p.addAll(List.of("-cp", lib.resolve("*").toString(), "io.jswoole.launcher.Main"));
        return new Launcher(List.copyOf(p), Map.of(), "java -cp " + lib + "/*"
                + (jvmOptions.isEmpty() ? "" : " with " + String.join(" ", jvmOptions)));
    }
}
