package io.jswoole.launcher;

import io.jswoole.supervision.RunDir;
import io.jswoole.supervision.metrics.AdminClient;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jswoole stats}: a running server's figures, from its admin endpoint. */
@Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Prints a running server's figures from its admin endpoint (the Unix socket admin.sock in its"
                + " run directory): connection and request counters, each process, and histograms of the time spent in"
                + " onReceive, onPacket and onTask, in the Prometheus text format, or as JSON with --json."})
final class StatsCommand implements Callable<Integer> {
    @Mixin
    private ServerPid server;

    @Option(names = "--json", description = "JSON instead of the Prometheus text format.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        ProcessHandle master = server.master();
        try {
            AdminClient.Answer a = AdminClient.get(RunDir.of(master.pid()), json ? "/stats" : "/metrics");
            if (a.status() != 200) {
                spec.commandLine().getErr().println("jswoole: the admin endpoint answered " + a.status() + ": " + a.body().trim());
                return Main.FAILURE;
            }
            spec.commandLine().getOut().print(a.body());
            if (json) {
                spec.commandLine().getOut().println();
            }
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            throw new UsageException("pid " + master.pid() + " has no admin endpoint in " + RunDir.of(master.pid())
                    + " (is it a jswoole server?): " + e.getMessage());
        }
    }
}
