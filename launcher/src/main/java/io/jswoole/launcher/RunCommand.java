package io.jswoole.launcher;

import io.jswoole.Server;
import io.jswoole.examples.Examples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jswoole run}: configures a built-in example's or an application's server and runs it in
 * the foreground until it shuts down (SIGTERM or SIGINT, which the server handles itself).
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Runs a server in the foreground until SIGTERM or SIGINT.",
            "",
            "--app CLASS names a class on the class path (JSWOOLE_CLASSPATH with bin/jswoole) that has",
            "    public static Server create(String host, int port)",
            "which configures the server and its callbacks without starting it, as the examples do: "
                    + "--app io.jswoole.examples.EchoServer is the same as --example echo.",
            "",
            "Settings use Swoole's keys ('jswoole settings' lists them). The config file has one "
                    + "'key = value' per line; lines starting with # or ; are comments. Values are written "
                    + "as in Swoole's set(): true, 4, 2M, \\r\\n; quotes around a value are removed. "
                    + "--set options override the file, which overrides what the example or app set itself.",
            ""})
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = Examples.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + Examples.DEFAULT_PORT,
            description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file: 'key = value' per line.")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One setting; repeatable; overrides --config.")
    private List<String> sets = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    /** What to run: exactly one of the two. */
    static final class Target {
        @Option(names = "--example", paramLabel = "NAME", completionCandidates = ExampleNames.class,
                description = "A built-in example: ${COMPLETION-CANDIDATES}.")
        String example;

        @Option(names = "--app", paramLabel = "CLASS",
                description = "An application class with a static create(host, port), see above.")
        String app;
    }

    /** The example names, for the usage message and shell completion. */
    static final class ExampleNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Examples.names().iterator();
        }
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535, not " + port);
        }
        start(host, port, config, sets, target.example, target.app);
        return 0;
    }

    /** Builds the example's or app's server, applies the config file and {@code --set} values, and runs it. */
    static void start(String host, int port, Path config, List<String> sets, String example, String app) {
        Map<String, String> values = RunSettings.collect(config, sets);
        Server server = example != null ? example(example, host, port) : AppLoader.create(app, host, port);
        server.set(values);
        server.start();
    }

    private static Server example(String name, String host, int port) {
        try {
            return Examples.create(name, host, port);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
