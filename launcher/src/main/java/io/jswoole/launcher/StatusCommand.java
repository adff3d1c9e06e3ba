package io.jswoole.launcher;

import io.jswoole.supervision.RunDir;
import io.jswoole.supervision.WorkerTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jswoole status}: every process of a running server and its figures, from its admin
 * endpoint ({@code GET /stats}); from its shared process table alone where it has no endpoint
 * that answers.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Prints each process of a running server (role, id, pid, uptime, requests served, state), then"
                + " its connections, requests, dispatched packets, idle workers and tasks, from its admin endpoint"
                + " (admin.sock in its run directory).",
            "A server without an endpoint that answers: the processes alone, from its process table."})
final class StatusCommand implements Callable<Integer> {
    private static final String[] STATES = {"empty", "running", "stopping", "exited", "retiring"};
    private static final String ROW = "%-12s %4s %8s %10s %10s  %s%n";

    @Mixin
    private ServerPid server;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        ProcessHandle master = server.master();
        PrintWriter out = spec.commandLine().getOut();
        Path runDir = RunDir.of(master.pid());
        AdminStats stats = AdminStats.read(runDir);
        out.printf(ROW, "ROLE", "ID", "PID", "UPTIME", "REQUESTS", "STATE");
        long now = System.currentTimeMillis();
        if (stats != null) {
            for (AdminStats.Process p : stats.processes()) {
                row(out, p.role(), p.id(), p.pid(), now - p.startSeconds() * 1000, p.requests(), p.state());
            }
            out.printf("connections %d open, %d accepted; requests %d, dispatched %d; workers %d (%d idle);"
                            + " task workers %d, tasks waiting %d%n", stats.counter("connection_num"),
                    stats.counter("accept_count"), stats.counter("request_count"), stats.counter("dispatch_count"),
                    stats.counter("worker_num"), stats.counter("idle_worker_num"), stats.counter("task_worker_num"),
                    stats.counter("tasking_num"));
            out.flush();
            return 0;
        }
        try (WorkerTable table = WorkerTable.open(runDir)) {
            for (WorkerTable.Entry e : table.entries()) {
                row(out, e.role(), e.id(), e.pid(), now - e.startMillis(), e.requests(),
                        STATES[Math.min(e.state(), STATES.length - 1)]);
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            throw new UsageException("pid " + master.pid() + " has no process table in " + runDir
                    + " (is it a jswoole server?)");
        }
    }

    /** One process; a process that is gone shows as exited, whatever its slot last said. */
    private static void row(PrintWriter out, String role, int id, long pid, long uptimeMillis, long requests,
                            String state) {
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        out.printf(ROW, role, id, pid, uptime(uptimeMillis), role.equals("manager") ? "-" : Long.toString(requests),
                alive ? state : "exited");
    }

    private static String uptime(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
