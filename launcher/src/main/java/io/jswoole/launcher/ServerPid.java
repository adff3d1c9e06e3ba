package io.jswoole.launcher;

import io.jswoole.core.process.PidFile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --pid-file} option of stop, reload and status: finds the running master. */
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
}
