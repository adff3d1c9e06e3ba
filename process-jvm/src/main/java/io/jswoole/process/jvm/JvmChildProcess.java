package io.jswoole.process.jvm;

import io.jswoole.core.util.Signals;
import io.jswoole.spi.process.ChildProcess;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A child JVM. Its standard input is a pipe whose write end only this object holds: when the
 * parent dies, the child reads end of file and stops (see {@code ParentWatch}).
 */
final class JvmChildProcess implements ChildProcess {
    private final Process process;
    @SuppressWarnings("unused") // kept open: closing it tells the child its parent is gone
    private final OutputStream lifeline;
    private final CompletableFuture<ExitStatus> exit;

    JvmChildProcess(Process process) {
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.exit = process.onExit().thenApply(p -> decode(p.exitValue()));
    }

    /** The JDK reports a death by signal N as exit value 128 + N. */
    static ExitStatus decode(int exitValue) {
        if (exitValue > 128 && exitValue <= 128 + 64) {
            return new ExitStatus(-1, exitValue - 128);
        }
        return new ExitStatus(exitValue, 0);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public CompletableFuture<ExitStatus> onExit() {
        return exit;
    }

    @Override
    public void signal(int signal) {
        Signals.send(process.pid(), switch (signal) {
            case 1 -> "HUP";
            case 2 -> "INT";
            case 9 -> "KILL";
            case 10 -> "USR1";
            case 12 -> throw new IllegalArgumentException("SIGUSR2 belongs to the JVM");
            case 15 -> "TERM";
            default -> Integer.toString(signal);
        });
    }
}
