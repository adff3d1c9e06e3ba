package io.jswoole.process.jvm;

import io.jswoole.spi.process.ChildSpec;
import io.jswoole.spi.process.ProcessRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command line of a child: this JVM's own command line (java, its options, class or module
 * path, main class or jar, program arguments), with the child's role properties put right after
 * the java executable, so that {@code ps} shows the role first, and the child's own JVM options
 * after the inherited ones, just before the main class, so that they win over an inherited option
 * of the same name ({@code worker_jvm_options=-Xmn2m} beside an inherited {@code -Xmn4m}).
 *
 * <p>The JVM options a spec gives its child are that child's alone: they are listed in the
 * property {@value #OWN_OPTIONS}, and a child that spawns in turn (the manager) leaves them out
 * of what its own children inherit. So the manager's lean options never reach the workers.
 */
final class ChildCommand {
    /** The JVM options this process was given as its own (space-separated), not to be passed on. */
    static final String OWN_OPTIONS = "jswoole.own_jvm_options";
    private static final String[] OWN_PROPERTIES = {ProcessRole.ROLE, ProcessRole.ID, ProcessRole.RUN_DIR,
        ProcessRole.MASTER_PID, ProcessRole.PROVIDERS, ProcessRole.PORTS, OWN_OPTIONS};
    /** Launcher options whose value is the next argument, not the main class. */
    private static final Set<String> TAKES_A_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
            "--upgrade-module-path", "--add-modules", "--limit-modules", "--add-reads", "--add-exports", "--add-opens",
            "--patch-module", "--enable-native-access");

    private ChildCommand() {
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static List<String> build(ChildSpec spec, List<String> currentArgs) {
        return build(spec, currentArgs, System.getProperty(OWN_OPTIONS, ""));
    }

    /** {@code ownOptions}: this process's own JVM options (space-separated), which its children do not inherit. */
    static List<String> build(ChildSpec spec, List<String> currentArgs, String ownOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        spec.systemProperties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        if (!spec.jvmOptions().isEmpty()) {
            cmd.add("-D" + OWN_OPTIONS + "=" + String.join(" ", spec.jvmOptions()));
        }
        int target = launchTarget(currentArgs);
        List<String> inherited = new ArrayList<>();
        for (String arg : currentArgs.subList(0, target)) {
            if (!isGivenAnew(arg, spec)) {
                inherited.add(arg);
            }
        }
        // This process's own options came after the inherited ones: drop the last occurrence of each.
        for (String own : ownOptions.isBlank() ? new String[0] : ownOptions.trim().split(" ")) {
            int i = inherited.lastIndexOf(own);
            if (i >= 0) {
                inherited.remove(i);
            }
        }
        cmd.addAll(inherited);
        cmd.addAll(spec.jvmOptions());
        cmd.addAll(currentArgs.subList(target, currentArgs.size()));
        return cmd;
    }

    /**
     * Where the launch target starts in a JVM's arguments: the main class, or {@code -m} /
     * {@code --module} / {@code -jar}; the arguments before it are the JVM's options.
     */
    static int launchTarget(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-m") || a.equals("--module") || a.startsWith("--module=") || a.equals("-jar")
                    || !a.startsWith("-")) {
                return i;
            }
            if (TAKES_A_VALUE.contains(a)) {
                i++;
            }
        }
        return args.size();
    }

    /**
     * A role property, or one the spec sets, inherited from the parent's own command line (a manager
     * spawning workers): the child gets the spec's value instead.
     */
    private static boolean isGivenAnew(String arg, ChildSpec spec) {
        for (String p : OWN_PROPERTIES) {
            if (arg.startsWith("-D" + p + "=")) {
                return true;
            }
        }
        for (String p : spec.systemProperties().keySet()) {
            if (arg.startsWith("-D" + p + "=")) {
                return true;
            }
        }
        return false;
    }
}
