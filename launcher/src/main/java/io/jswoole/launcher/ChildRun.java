package io.jswoole.launcher;

import io.jswoole.examples.Examples;
import io.jswoole.spi.process.ProcessRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jswoole run} in a child process (a manager, worker, task worker or user process, which
 * re-runs the master's command line): reads the few options of {@code run} without the
 * command-line parser. The master has already checked them, and a child that skips loading
 * picocli (whose classes the class-data archive cannot hold) is ready sooner.
 */
final class ChildRun {
    private String host = Examples.DEFAULT_HOST;
    private int port = Examples.DEFAULT_PORT;
    private Path config;
    private final List<String> sets = new ArrayList<>();
    private String example;
    private String app;

    private ChildRun() {
    }

    /** Whether this JVM is a child of a server (its role is set). */
    static boolean isChild() {
        return System.getProperty(ProcessRole.ROLE) != null;
    }

    /**
     * Reads {@code run [options]}; null when the arguments hold anything else (then the full
     * parser handles them).
     */
    static ChildRun parse(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            return null;
        }
        ChildRun r = new ChildRun();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            switch (name) {
                case "--host" -> r.host = value;
                case "--port" -> r.port = Integer.parseInt(value);
                case "--config" -> r.config = Path.of(value);
                case "--set" -> r.sets.add(value);
                case "--example" -> r.example = value;
                case "--app" -> r.app = value;
                default -> {
                    return null;
                }
            }
        }
        return (r.example == null) == (r.app == null) ? null : r;
    }

    /** Builds and runs this process's part of the server. */
    void run() {
        RunCommand.start(host, port, config, sets, example, app);
    }
}
