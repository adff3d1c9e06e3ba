package io.jswoole.spi.process;

import java.util.concurrent.CompletableFuture;

/** A started child process. */
public interface ChildProcess {

    long pid();

    boolean isAlive();

    /** Completes with the exit status once the process has exited and been reaped. */
    CompletableFuture<ExitStatus> onExit();

    /** Sends a signal by number (15 TERM, 10 USR1, 9 KILL). */
    void signal(int signal);

    /** The exit of a child: a code, or the signal that killed it. */
    record ExitStatus(int code, int signal) {
        public boolean isSignaled() {
            return signal != 0;
        }
    }
}
