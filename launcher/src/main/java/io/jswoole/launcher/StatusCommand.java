package io.jswoole.launcher;

import io.jswoole.supervision.RunDir;
import io.jswoole.supervision.WorkerTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jswoole status}: every process of a running server, from its shared process table. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Prints each process of a running server: role, id, pid, uptime, requests served, state.")
final class StatusCommand implements Callable<Integer> {
    private static final String[] STATES = {"empty", "running", "stopping", "exited", "retiring"};

    @Mixin
    private ServerPid server;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        ProcessHandle master = server.master();
        PrintWriter out = spec.commandLine().getOut();
        try (WorkerTable table = WorkerTable.open(RunDir.of(master.pid()))) {
            out.printf("%-12s %4s %8s %10s %10s  %s%n", "ROLE", "ID", "PID", "UPTIME", "REQUESTS", "STATE");
            long now = System.currentTimeMillis();
            for (WorkerTable.Entry e : table.entries()) {
                boolean alive = ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false);
                String state = alive ? STATES[Math.min(e.state(), STATES.length - 1)] : "exited";
                out.printf("%-12s %4d %8d %10s %10s  %s%n", e.role(), e.id(), e.pid(),
                        uptime(now - e.startMillis()), e.role().equals("manager") ? "-" : Long.toString(e.requests()), state);
            }
            return 0;
        } catch (IOException e) {
            throw new UsageException("pid " + master.pid() + " has no process table in " + RunDir.of(master.pid())
                    + " (is it a jswoole server?)");
        }
    }

    private static String uptime(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
