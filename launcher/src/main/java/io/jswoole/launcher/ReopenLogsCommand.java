package io.jswoole.launcher;

import io.jswoole.log.Log;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jswoole reopen-logs}: SIGWINCH to the master, which reopens {@code log_file} and passes
 * the signal on through the manager to every other process; for logrotate's {@code postrotate}.
 */
@Command(name = "reopen-logs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Makes every process of a running server reopen its log file (after logrotate renamed it).",
            "SIGWINCH to the master, which passes it on (Swoole's SIGRTMIN cannot be handled by a JVM)."})
final class ReopenLogsCommand implements Callable<Integer> {
    @Mixin
    private ServerPid server;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return server.signalMaster(Log.REOPEN_SIGNAL, "reopening log files", spec);
    }
}
