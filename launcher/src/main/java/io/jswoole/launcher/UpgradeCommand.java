package io.jswoole.launcher;

import io.jswoole.supervision.RunDir;
import io.jswoole.supervision.metrics.AdminClient;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jswoole upgrade}: hands a running server over to a new one started from the
 * code now on disk, without refusing or failing a connection (see {@code Upgrade} in the core).
 */
@Command(name = "upgrade", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Upgrades a running server without downtime: its master starts a new master from the same command"
                + " line (so from the code now on disk), which takes the listening sockets over and starts its workers;"
                + " once they are ready, the pid file names the new master, and the old workers serve their open"
                + " connections up to max_wait_time and exit. If the new server fails to start, the old one goes on.",
            "Base mode with worker processes, or process mode on the epoll reactor; asked through the admin endpoint (admin.sock in the run directory)."})
final class UpgradeCommand implements Callable<Integer> {
    @Mixin
    private ServerPid server;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        ProcessHandle master = server.master();
        AdminClient.Answer a;
        try {
            a = AdminClient.post(RunDir.of(master.pid()), "/upgrade");
        } catch (IOException e) {
            throw new UsageException("pid " + master.pid() + " has no admin endpoint in " + RunDir.of(master.pid())
                    + " (is it a jswoole server?): " + e.getMessage());
        }
        if (a.status() != 200) {
            spec.commandLine().getErr().println("jswoole: " + a.body().trim());
            return Main.FAILURE;
        }
        spec.commandLine().getOut().println(a.body().trim());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
