package io.jswoole.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jswoole reload}: SIGUSR1 to the master (every worker is replaced), or with
 * {@code --task-workers} SIGHUP (task workers only; Swoole uses SIGUSR2, which belongs to the JVM).
 */
@Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Replaces the workers of a running server with new processes.",
            "All workers: SIGUSR1 to the master. Task workers only: SIGHUP (Swoole's SIGUSR2 belongs to the JVM)."})
final class ReloadCommand implements Callable<Integer> {
    @Mixin
    private ServerPid server;

    @Option(names = "--task-workers", description = "Reload task workers only (SIGHUP).")
    private boolean taskWorkers;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return taskWorkers ? server.signalMaster("HUP", "reloading task workers", spec)
                : server.signalMaster("USR1", "reloading all workers", spec);
    }
}
