package io.jswoole.launcher;

import io.jswoole.examples.Examples;
import io.jswoole.spi.process.ProcessRole;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jswoole run} read without the command-line parser: the few options of {@code run}, in
 * the master and in every child (a manager, worker, task worker or user process, which re-runs
 * the master's command line). Anything else, {@code --help} or a malformed option included, is
 * left to picocli, which reports it. Skipping picocli keeps its classes (which the class-data
 * archive cannot hold) and its model of every command out of the server's JVMs: a child is ready
 * sooner, and the master, which keeps running for the server's whole life, holds less memory.
 */
final class PlainRun {
    private String host = Examples.DEFAULT_HOST;
    private int port = Examples.DEFAULT_PORT;
    private Path config;
    private final List<String> sets = new ArrayList<>();
    private String example;
    private String app;

    private PlainRun() {
    }

    /** Whether this JVM is a child of a server (its role is set). */
    static boolean isChild() {
        return System.getProperty(ProcessRole.ROLE) != null;
    }

    /**
     * Reads {@code run [options]}; null when the arguments hold anything else (then the full
     * parser handles them).
     */
    static PlainRun parse(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            return null;
        }
        PlainRun r = new PlainRun();
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
                case "--port" -> {
                    r.port = port(value);
                    if (r.port < 0) {
                        return null;
                    }
                }
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

    /** A port number 0 to 65535, or -1. */
    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            return port <= 65_535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Runs the master's server until it shuts down, reporting a failure as the full parser does:
     * one line on {@code err} and the exit status.
     */
    int runMaster(PrintStream err) {
        try {
            run();
            return 0;
        } catch (RuntimeException e) {
            return ErrorReporter.report(e, err);
        }
    }

    /** Builds and runs this process's part of the server. */
    void run() {
        RunCommand.start(host, port, config, sets, example, app);
    }
}
