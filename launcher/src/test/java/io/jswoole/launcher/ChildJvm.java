package io.jswoole.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The launcher run in a child JVM, on the class path or the module path built from this test's
 * own class path, with its output captured. Closing it kills the child and its descendants.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<ProcessHandle> tree = new CopyOnWriteArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("reader: " + e);
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Test-only entries of this test's class path, which a user's module or class path never holds. */
    private static final List<String> TEST_ONLY = List.of("junit", "opentest4j", "apiguardian",
            "test-classes", "test-support", "surefire");

    /** The jswoole jars (or module directories) and all their runtime libraries from this test's class path. */
    static String jswoolePath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> keep = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (TEST_ONLY.stream().noneMatch(entry::contains)) {
                keep.add(entry);
            }
        }
        return String.join(File.pathSeparator, keep);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -cp <jswoole> io.jswoole.launcher.Main args}. */
    static ChildJvm onClassPath(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx96m", "-cp", jswoolePath(), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** {@code java -p <jswoole> -m io.jswoole.launcher/io.jswoole.launcher.Main args}. */
    static ChildJvm onModulePath(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx96m", "-p", jswoolePath(),
                "-m", "io.jswoole.launcher/" + Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    Process process() {
        return process;
    }

    List<String> lines() {
        return lines;
    }

    /** Waits for the child to exit; returns its exit value. */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + seconds + " s; output:\n" + String.join("\n", lines));
        }
        return process.exitValue();
    }

    /** Waits until a line matches; returns it. */
    String awaitLine(Predicate<String> match, long timeoutMillis) throws InterruptedException {
        return awaitLines(match, 1, timeoutMillis).get(0);
    }

    /** Waits until {@code n} lines match; returns them. */
    List<String> awaitLines(Predicate<String> match, int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() - deadline < 0) {
            List<String> found = lines.stream().filter(match).toList();
            if (found.size() >= n) {
                return found;
            }
            tree.addAll(process.toHandle().descendants().toList());
            Thread.sleep(10);
        }
        throw new AssertionError("fewer than " + n + " matching lines within " + timeoutMillis + " ms; output:\n"
                + String.join("\n", lines));
    }

    @Override
    public void close() throws InterruptedException {
        tree.addAll(process.toHandle().descendants().toList());
        if (process.isAlive()) {
            process.toHandle().destroy();
            process.waitFor(15, TimeUnit.SECONDS);
        }
        process.destroyForcibly();
        for (ProcessHandle h : tree) {
            h.destroyForcibly();
        }
    }
}
