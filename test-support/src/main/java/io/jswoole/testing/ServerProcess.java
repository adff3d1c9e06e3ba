package io.jswoole.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A multi-process server (master, manager, workers) started as a child JVM for a test, with its
 * output captured. Closing it stops the master and then kills, by pid, every process of its tree
 * that is still alive, even those whose parent already died.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process master;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Set<Long> seen = ConcurrentHashMap.newKeySet();

    private ServerProcess(Process master) {
        this.master = master;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(master.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("reader: " + e);
            }
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code main} with {@code args} in a child JVM on this JVM's class path, with run
     * directories under {@code runBase}.
     */
    public static ServerProcess start(Path runBase, Class<?> main, String... args) throws IOException {
        return start(List.of(), runBase, main, args);
    }

    /**
     * As {@link #start(Path, Class, String...)}, with the JVM run through {@code prefix}, such as
     * {@code prlimit --nofile=200:200} (the whole tree inherits what the prefix sets).
     */
    public static ServerProcess start(List<String> prefix, Path runBase, Class<?> main, String... args) throws IOException {
        return start(prefix, List.of(), runBase, main, args);
    }

    /**
     * As {@link #start(List, Path, Class, String...)}, with {@code jvmOptions} on the JVM's command
     * line (the server's children inherit them).
     */
    public static ServerProcess start(List<String> prefix, List<String> jvmOptions, Path runBase, Class<?> main,
                                      String... args) throws IOException {
        return start(prefix, Map.of(), jvmOptions, runBase, main, args);
    }

    /**
     * As {@link #start(List, List, Path, Class, String...)}, with {@code environment} added to this
     * JVM's (such as {@code NOTIFY_SOCKET}).
     */
    public static ServerProcess start(List<String> prefix, Map<String, String> environment, List<String> jvmOptions,
                                      Path runBase, Class<?> main, String... args) throws IOException {
        return start(prefix, environment, jvmOptions, System.getProperty("java.class.path"), runBase, main, args);
    }

    /** As {@link #start(List, Map, List, Path, Class, String...)}, on {@code classPath} instead of this JVM's. */
    public static ServerProcess start(List<String> prefix, Map<String, String> environment, List<String> jvmOptions,
                                      String classPath, Path runBase, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        // The quick compiler alone: a test's servers run briefly, and on a small machine the
        // optimising compiler's threads of every server JVM took CPU from the servers and the test
        // (TaskWorkersTest: 143 -> 108 s). A test that needs it gives -XX:TieredStopAtLevel=4.
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djswoole.run_base=" + runBase, "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, main.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(environment);
        return new ServerProcess(pb.start());
    }

    public Process master() {
        return master;
    }

    public List<String> lines() {
        return lines;
    }

    /** A copy of the output lines after the first {@code skip}. */
    public List<String> linesAfter(int skip) {
        List<String> all = List.copyOf(lines);
        return all.subList(Math.min(skip, all.size()), all.size());
    }

    /** Waits until an output line matches; returns it. */
    public String awaitLine(Predicate<String> match, long timeoutMillis) throws InterruptedException {
        return awaitLineAfter(0, match, timeoutMillis);
    }

    /**
     * Waits until an output line after the first {@code skip} matches; returns it. A test takes
     * {@code skip} from {@code lines().size()} before it acts, so that an earlier test's line (a
     * client port or fd used again) cannot answer for it.
     */
    public String awaitLineAfter(int skip, Predicate<String> match, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() - deadline < 0) {
            for (String l : linesAfter(skip)) {
                if (match.test(l)) {
                    return l;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no matching line within " + timeoutMillis + " ms; output:\n" + String.join("\n", lines));
    }

    /** Waits until {@code n} lines match. */
    public List<String> awaitLines(Predicate<String> match, int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<String> found = new ArrayList<>();
        while (System.nanoTime() - deadline < 0) {
            found.clear();
            for (String l : lines) {
                if (match.test(l)) {
                    found.add(l);
                }
            }
            if (found.size() >= n) {
                return found;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(found.size() + " of " + n + " lines within " + timeoutMillis + " ms; output:\n"
                + String.join("\n", lines));
    }

    private static final Pattern LISTENING_TYPED = Pattern.compile("listening on \\S+:(\\d+) \\((\\w+)\\)");

    /** The port number of the first "listening on ...:P (TYPE)" line for {@code type}, e.g. "UDP". */
    public int port(String type) throws InterruptedException {
        String line = awaitLine(l -> {
            Matcher m = LISTENING_TYPED.matcher(l);
            return m.find() && m.group(2).equals(type);
        }, 20_000);
        Matcher m = LISTENING_TYPED.matcher(line);
        m.find();
        return Integer.parseInt(m.group(1));
    }

    /** The port the master resolved for the main port (waits for the listening line). */
    public int port() throws InterruptedException {
        return port(0);
    }

    /** The port number of the {@code n}-th "listening on 127.0.0.1:P" line (0-based: port id order). */
    public int port(int n) throws InterruptedException {
        List<String> found = awaitLines(l -> LISTENING.matcher(l).find(), n + 1, 20_000);
        Matcher m = LISTENING.matcher(found.get(n));
        m.find();
        return Integer.parseInt(m.group(1));
    }

    /** The master's live descendants, remembered so that close() can reap orphans too. */
    public List<ProcessHandle> descendants() {
        List<ProcessHandle> list = master.toHandle().descendants().toList();
        list.forEach(h -> seen.add(h.pid()));
        return list;
    }

    /** Live descendants whose command line contains {@code marker} (e.g. "jswoole.role=worker"). */
    public List<ProcessHandle> descendants(String marker) {
        return descendants().stream().filter(h -> commandLine(h).contains(marker)).toList();
    }

    /**
     * A process's command line; the JDK gives up on a long one (a class path of many jars), which
     * Linux's {@code /proc/<pid>/cmdline} still has whole. Empty if the process is gone.
     */
    private static String commandLine(ProcessHandle h) {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(h.pid()),
                    "cmdline")), java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return h.info().commandLine().orElse("");
        }
    }

    /** Every process ever seen in the tree that is still alive. */
    public List<ProcessHandle> survivors() {
        descendants();
        return seen.stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream).filter(ProcessHandle::isAlive)
                .toList();
    }

    /** Stops the server (SIGTERM, then SIGKILL after 15 s) and kills whatever of its tree is left; interrupted, it kills at once. */
    @Override
    public void close() {
        descendants();
        try {
            if (master.isAlive()) {
                master.toHandle().destroy();
                master.waitFor(15, TimeUnit.SECONDS);
            }
            master.destroyForcibly();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!survivors().isEmpty() && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            master.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle h : survivors()) {
            h.destroyForcibly();
        }
    }
}
