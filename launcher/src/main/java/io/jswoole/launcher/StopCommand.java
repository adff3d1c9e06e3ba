package io.jswoole.launcher;

import io.jswoole.core.util.Signals;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jswoole stop}: SIGTERM to the master, then waits until the whole server has exited. */
@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Shuts a running server down (SIGTERM to its master) and waits until it has exited.")
final class StopCommand implements Callable<Integer> {
    @Mixin
    private ServerPid server;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the server to exit (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ProcessHandle master = server.master();
        Signals.send(master.pid(), "TERM");
        try {
            master.onExit().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            spec.commandLine().getErr().println("jswoole: the server (pid " + master.pid() + ") is still running after "
                    + timeoutSeconds + " s");
            return Main.FAILURE;
        } catch (ExecutionException e) {
            // onExit never fails
        }
        spec.commandLine().getOut().println("stopped pid " + master.pid());
        return 0;
    }
}
