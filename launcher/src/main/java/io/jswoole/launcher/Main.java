package io.jswoole.launcher;

import io.jswoole.log.Log;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code jswoole} command: {@code run}, {@code providers}, {@code settings} and {@code help}.
 *
 * <p>Exit status: 0 after a normal shutdown or a successful command, 2 for a usage error (a wrong
 * option, setting, config file, example or application class), 1 when the server fails to start
 * or run. Errors are reported as one line on standard error, {@code jswoole: <message>}.
 */
@Command(name = "jswoole",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Runs jswoole servers: Swoole's server architecture for the JVM.",
        subcommands = {RunCommand.class, StopCommand.class, ReloadCommand.class, ReopenLogsCommand.class, StatusCommand.class,
            StatsCommand.class, UpgradeCommand.class, ProvidersCommand.class, SettingsCommand.class, TrainCommand.class, HelpCommand.class},
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  done; for run, the server shut down (SIGTERM, SIGINT or shutdown())",
            "  1  the server failed to start or run",
            "  2  usage error: a wrong option, setting, config file, example or app class"})
public final class Main implements Runnable {
    /** Exit status of a usage error. */
    public static final int USAGE = 2;
    /** Exit status of a server that failed to start or run. */
    public static final int FAILURE = 1;

    @Spec
    private CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        PlainRun child = PlainRun.isChild() ? PlainRun.parse(args) : null;
        if (child != null) {
            Log.prepareClock(); // on the other CPU while this one reads the settings and binds
            child.run(); // a child process ends inside the server's start()
            return;
        }
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line with the given output streams and returns the exit status instead of
     * exiting. {@code run} returns only once its server has shut down.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PlainRun plain = PlainRun.parse(args);
        if (plain != null) {
            return plain.runMaster(err);
        }
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        ErrorReporter reporter = new ErrorReporter();
        CommandLine cmd = new CommandLine(new Main())
                .setOut(outWriter)
                .setErr(errWriter)
                .setParameterExceptionHandler(reporter)
                .setExecutionExceptionHandler(reporter);
        try {
            return cmd.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** {@code jswoole} without a command. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: run, stop, reload, status, stats, providers, settings or help");
    }
}
