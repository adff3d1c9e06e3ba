package io.jswoole.supervision;

import io.jswoole.log.Log;
import java.io.IOException;
import java.io.InputStream;

/**
 * Orphan protection: a child's standard input is a pipe from its parent, so end of file on it
 * means the parent is gone (even after SIGKILL). The watch then runs {@code onParentGone} (a
 * graceful stop) and, should that hang, halts the JVM after {@code graceMillis}.
 */
public final class ParentWatch {
    private ParentWatch() {
    }

    /**
     * This process's parent (a worker's manager), read with {@code getppid()}: also in a worker
     * whose root directory changed, where the JDK, which reads {@code /proc}, finds no parent.
     */
    public static long parentPid() {
        return io.jswoole.linux.Posix.getppid();
    }

    /** Starts watching standard input on a daemon thread. */
    public static void start(Runnable onParentGone, long graceMillis) {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[64];
            try {
                while (in.read(buf) >= 0) {
                    // the parent never writes; anything read is ignored
                }
            } catch (IOException e) {
                Log.debug("parent watch: " + e);
            }
            Log.warn("parent process is gone; stopping");
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(graceMillis);
                } catch (InterruptedException e) {
                    return;
                }
                Log.error("did not stop within " + graceMillis + " ms of losing the parent; halting");
                Runtime.getRuntime().halt(1);
            }, "jswoole-orphan-halt");
            halt.setDaemon(true);
            halt.start();
            onParentGone.run();
        }, "jswoole-parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
