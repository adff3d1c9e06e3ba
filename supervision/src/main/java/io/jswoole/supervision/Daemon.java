package io.jswoole.supervision;

import io.jswoole.JswooleException;
import io.jswoole.core.util.JvmArguments;
import io.jswoole.linux.Posix;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.spi.process.ProcessRole;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code daemonize}: a JVM cannot fork, so the launching process starts a copy of itself with
 * {@code /} as its working directory, standard input from /dev/null and output appended to
 * {@code log_file} (or discarded), waits until the copy's master runs, and returns; the copy is
 * the server. The copy first leaves the launcher's session: {@code setsid(2)} makes it the
 * leader of a session of its own, with no controlling terminal, before it starts anything.
 * Swoole's {@code daemon()} does the same with fork, setsid and {@code chdir("/")}. The copy's
 * command line has absolute paths (class path, agents, ...), and it and its children know the
 * launching directory ({@link ProcessRole#LAUNCH_DIR}), against which relative paths in the
 * settings ({@code pid_file}, {@code log_file}, {@code task_tmpdir}, Unix socket ports) and a
 * relative {@code --config} of {@code jswoole run} are resolved.
 */
public final class Daemon {
    /** Set in the detached copy, so that it does not detach again. */
    public static final String DAEMONIZED = "jswoole.daemonized";
    private static final long READY_TIMEOUT_SECONDS = 60;
    /** Whether this JVM, the detached copy, already leads its own session. */
    private static boolean ownSession;

    private Daemon() {
    }

    /**
     * Detaches when {@code daemonize} is set and this is the launching process; in the detached
     * copy, starts the copy's own session.
     *
     * @return true if a daemon now runs the server and the caller should return from start()
     */
    public static boolean detach(Settings settings) throws IOException, InterruptedException {
        if (!settings.get(Keys.DAEMONIZE)) {
            return false;
        }
        if (Boolean.getBoolean(DAEMONIZED)) {
            leaveLaunchersSession();
            return false;
        }
        ProcessHandle.Info self = ProcessHandle.current().info();
        List<String> cmd = new ArrayList<>();
        cmd.add(self.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path launchDir = ProcessRole.launchDir();
        cmd.add("-D" + DAEMONIZED + "=true");
        cmd.add("-D" + ProcessRole.LAUNCH_DIR + "=" + launchDir);
        cmd.addAll(DaemonCommand.absolute(JvmArguments.current().orElseThrow(() ->
                new JswooleException("daemonize: this platform does not report the JVM's command line")), launchDir));
        String logFile = settings.get(Keys.LOG_FILE).isEmpty() ? "" : launchDir.resolve(settings.get(Keys.LOG_FILE)).toString();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File("/")).redirectInput(new File("/dev/null"));
        if (logFile.isEmpty()) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(new File(logFile))).redirectErrorStream(true);
        }
        Process daemon = pb.start();
        Path ready = RunDir.of(daemon.pid()).resolve(WorkerTable.FILE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (!Files.exists(ready)) {
            if (!daemon.isAlive()) {
                throw new JswooleException("daemonize: the server exited at start with code " + daemon.exitValue()
                        + (logFile.isEmpty() ? " (set log_file to see why)" : "; see " + logFile));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new JswooleException("daemonize: the server (pid " + daemon.pid() + ") is not ready after "
                        + READY_TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(20);
        }
        Log.info("daemonized: the server runs as pid " + daemon.pid());
        return true;
    }

    /**
     * {@code setsid(2)} in the detached copy, once. It succeeds because the copy, started by the
     * launcher, is no process group leader; a failure stops the copy at start.
     */
    private static synchronized void leaveLaunchersSession() {
        if (ownSession) {
            return;
        }
        try {
            Posix.setsid();
            ownSession = true;
        } catch (IOException e) {
            throw new JswooleException("daemonize: cannot start a session of its own: " + e.getMessage(), e);
        }
    }
}
