package io.jswoole.bench.run;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Where things are: the JVM to start children with, this module's class path, the project
 * directory (found from where this class was loaded: {@code bench/target/classes} or
 * {@code bench/target/lib}), and the launcher's {@code target/lib}.
 */
public final class Installation {
    private static final Pattern EPOLL_AVAILABLE =
            Pattern.compile("^\\s*\\*?\\s*epoll\\s+priority\\s+-?\\d+\\s+available\\b.*");

    private Installation() {
    }

    /** The {@code java} of the running JVM. */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The class path of the running JVM, which holds this module and its dependencies. */
    public static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** The project's top directory, if this module runs from its build directory. */
    public static Optional<Path> projectRoot() {
        try {
            Path where = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // bench/target/classes or bench/target/lib/jswoole-bench.jar
            Path target = Files.isDirectory(where) ? where.getParent() : where.getParent().getParent();
            Path root = target == null || target.getParent() == null ? null : target.getParent().getParent();
            return root != null && Files.isRegularFile(root.resolve("pom.xml")) ? Optional.of(root) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The launcher's lib directory in the project, if it has been built. */
    public static Optional<Path> launcherLib() {
        return projectRoot().map(r -> r.resolve("launcher/target/lib")).filter(Installation::hasLauncher);
    }

    static boolean hasLauncher(Path lib) {
        try (var files = Files.list(lib)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("jswoole-launcher-"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The project's {@code bin/jswoole}, if this module runs from its build directory. */
    public static Optional<Path> script() {
        return projectRoot().map(r -> r.resolve("bin/jswoole")).filter(Files::isExecutable);
    }

    /** Whether the launcher's {@code providers} command lists an available epoll Reactor provider. */
    public static boolean jswooleEpollAvailable(Path launcherLib) {
        try {
            Process p = new ProcessBuilder(java().toString(), "-cp", launcherLib.resolve("*").toString(),
                    "io.jswoole.launcher.Main", "providers").redirectErrorStream(true).start();
            List<String> lines;
            try {
                lines = List.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            } finally {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
            return lines.stream().anyMatch(l -> EPOLL_AVAILABLE.matcher(l).matches());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code taskset -c CPU} when taskset exists and the machine has more than one CPU, else nothing. */
    public static List<String> pinning(int cpu) {
        if (cpu < 0 || cpu >= Runtime.getRuntime().availableProcessors()) {
            return List.of();
        }
        return Programs.find("taskset").map(t -> List.of(t.toString(), "-c", Integer.toString(cpu))).orElse(List.of());
    }
}
