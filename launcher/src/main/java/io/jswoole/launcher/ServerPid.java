package io.jswoole.launcher;

import io.jswoole.core.util.Signals;
import io.jswoole.supervision.PidFile;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The {@code --pid-file} option of stop, reload, reopen-logs and status: finds the running master. */
final class ServerPid {
    @Option(names = "--pid-file", required = true, paramLabel = "FILE",
            description = "The server's pid_file (the master's pid).")
    Path pidFile;

    /** The master's process, or a usage error naming the file. */
    ProcessHandle master() {
        long pid = PidFile.read(pidFile);
        if (pid <= 0) {
            throw new UsageException("no pid in " + pidFile + " (is the server running with pid_file=" + pidFile + "?)");
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new UsageException("no server is running with pid " + pid + " (from " + pidFile + ")"));
    }

    /**
     * Sends {@code signal} to the master and says so on the command's output ("SIG... sent to pid
     * N: {@code what}"), or names the failure on its error output; returns the exit status.
     */
    int signalMaster(String signal, String what, CommandSpec spec) {
        ProcessHandle master = master();
        if (!Signals.send(master.pid(), signal)) {
            spec.commandLine().getErr().println("jswoole: cannot send SIG" + signal + " to pid " + master.pid());
            return Main.FAILURE;
        }
        spec.commandLine().getOut().println("SIG" + signal + " sent to pid " + master.pid() + ": " + what);
        return 0;
    }
}
