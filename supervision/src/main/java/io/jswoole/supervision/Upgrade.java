package io.jswoole.supervision;

import io.jswoole.JswooleException;
import io.jswoole.core.util.ProcessTree;
import io.jswoole.linux.UnixDatagram;
import io.jswoole.log.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An upgrade without downtime (nginx's binary upgrade; Swoole reloads workers but never its
 * master): the running master starts a new master from the same command line, so from the code
 * now on disk, which takes the listening sockets over from the old one and starts its own
 * workers; once every one of them is ready, the old master hands the pid file over and retires
 * its workers, which serve their open connections up to {@code max_wait_time} while the new
 * ones accept. If the new server fails to start or is not ready in time, it is stopped and the
 * old one goes on serving as if nothing happened.
 *
 * <p>The new master learns where to take the sockets from through {@value #FROM_ENV} (the old
 * run directory) and says it is ready over the readiness protocol systemd uses
 * ({@code NOTIFY_SOCKET}, here a datagram socket in the old run directory): {@code READY=1} once
 * every worker runs, {@code MAINPID=} if it detached.
 */
public final class Upgrade {
    /** In the new master's environment: the run directory of the server it takes over from. */
    public static final String FROM_ENV = "JSWOOLE_UPGRADE_FROM";
    /** How long the new server may take until every worker is ready. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final String NOTIFY_FILE = "upgrade-notify.sock";
    private static final List<String> NOT_INHERITED = List.of("LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
            "NOTIFY_SOCKET", FROM_ENV);
    private static final AtomicBoolean RUNNING = new AtomicBoolean();

    private Upgrade() {
    }

    /** The run directory of the server this process takes over from, or null if it starts afresh. */
    public static Path predecessor() {
        String from = System.getenv(FROM_ENV);
        return from == null || from.isEmpty() ? null : Path.of(from);
    }

    /**
     * In the running master, whose run directory is {@code runDir}: starts the new master and
     * waits until it is ready.
     *
     * @param stopGrace how long a new server that was not ready in time has after SIGTERM before
     *                  its processes are killed
     * @return the new master's pid
     * @throws JswooleException (one line) if an upgrade is already running, or the new server
     *                          exits or is not ready within {@link #READY_TIMEOUT} (it is then
     *                          stopped, killed if it does not stop; this server goes on)
     */
    public static long startSuccessor(Path runDir, Duration stopGrace) {
        if (!RUNNING.compareAndSet(false, true)) {
            throw new JswooleException("an upgrade is already running");
        }
        Path notifyPath = runDir.resolve(NOTIFY_FILE);
        try (UnixDatagram notify = UnixDatagram.bind(notifyPath.toString())) {
            Process started = spawn(runDir, notifyPath);
            Log.info("upgrade: started a new master, pid " + started.pid() + "; waiting until its workers are ready");
            long pid = awaitReady(notify, started, stopGrace);
            Log.info("upgrade: the new master, pid " + pid + ", is ready");
            return pid;
        } catch (IOException e) {
            throw new JswooleException("upgrade: cannot start a new master: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JswooleException("upgrade: interrupted while waiting for the new master", e);
        } finally {
            try {
                Files.deleteIfExists(notifyPath);
            } catch (IOException e) {
                Log.debug("cannot remove " + notifyPath + ": " + e);
            }
            RUNNING.set(false);
        }
    }

    /** The new master: this process's own command line, directory and output, with the hand-over's environment. */
    private static Process spawn(Path runDir, Path notifyPath) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ownCommandLine()).inheritIO();
        Map<String, String> env = builder.environment();
        NOT_INHERITED.forEach(env::remove);
        env.put(FROM_ENV, runDir.toString());
        env.put("NOTIFY_SOCKET", notifyPath.toString());
        return builder.start();
    }

    /**
     * This process's command line, read from {@code /proc/self/cmdline} (ProcessHandle's
     * arguments are left out on some JDKs when the line is long, as a class path makes it), with
     * the executable as an absolute path.
     */
    static List<String> ownCommandLine() throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                words.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (words.isEmpty()) {
            throw new IOException("/proc/self/cmdline is empty");
        }
        ProcessHandle.current().info().command().ifPresent(executable -> words.set(0, executable));
        return words;
    }

    /** Waits for READY=1 (and MAINPID= from a master that detached); returns the new master's pid. */
    private static long awaitReady(UnixDatagram notify, Process started, Duration stopGrace)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        long mainPid = started.pid();
        while (true) {
            byte[] message = notify.receive(Duration.ofMillis(100));
            if (message != null) {
                boolean ready = false;
                for (String line : new String(message, StandardCharsets.UTF_8).split("\n")) {
                    if (line.startsWith("MAINPID=")) {
                        mainPid = Long.parseLong(line.substring(8).trim());
                    } else if (line.equals("READY=1")) {
                        ready = true;
                    }
                }
                if (ready) {
                    return mainPid;
                }
            }
            boolean detached = mainPid != started.pid();
            if (!detached && !started.isAlive() && started.exitValue() != 0) {
                throw new JswooleException("upgrade: the new master (pid " + started.pid() + ") exited with status "
                        + started.exitValue() + " before it was ready (its log says why); this server goes on serving");
            }
            if (detached && ProcessHandle.of(mainPid).map(p -> !p.isAlive()).orElse(true)) {
                throw new JswooleException("upgrade: the new master (pid " + mainPid + ") exited before it was ready"
                        + " (its log says why); this server goes on serving");
            }
            if (System.nanoTime() - deadline > 0) {
                Optional<ProcessHandle> hung = ProcessHandle.of(mainPid);
                if (hung.isPresent()) {
                    ProcessTree.stop(hung.get(), "upgrade: the new master", stopGrace);
                }
                throw new JswooleException("upgrade: the new master (pid " + mainPid + ") was not ready within "
                        + READY_TIMEOUT.toSeconds() + " s and is stopped; this server goes on serving");
            }
        }
    }
}
