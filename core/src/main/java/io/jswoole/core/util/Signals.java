package io.jswoole.core.util;

import io.jswoole.linux.Posix;
import io.jswoole.log.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Installs signal handlers and puts the previous ones back on {@link #close()}. SIGUSR2 belongs to
 * the JVM (thread suspension, JFR) and is refused.
 */
public final class Signals implements AutoCloseable {
    private static final AtomicBoolean PREPARED = new AtomicBoolean();
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    /** Runs {@code action} on the JVM's signal thread when {@code name} (e.g. "TERM") arrives. */
    public Signals on(String name, Runnable action) {
        if ("USR2".equals(name)) {
            throw new IllegalArgumentException("SIGUSR2 belongs to the JVM; use another signal");
        }
        Signal s = new Signal(name);
        SignalHandler old = Signal.handle(s, sig -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                Log.error("SIG" + name + " handler failed: " + e, e);
            }
        });
        signals.add(s);
        previous.add(old);
        return this;
    }

    /**
     * Reopens the log file on {@link Log#REOPEN_SIGNAL}, then runs {@code passOn}: a master or
     * manager sends the signal on to its children there.
     */
    public Signals onLogReopen(Runnable passOn) {
        return on(Log.REOPEN_SIGNAL, () -> {
            Log.reopen();
            passOn.run();
        });
    }

    /** Reopens the log file on {@link Log#REOPEN_SIGNAL}: a process without children. */
    public Signals onLogReopen() {
        return onLogReopen(() -> { });
    }

    /** The number of signal {@code name} ("TERM", "WINCH", ...) on this platform. */
    public static int number(String name) {
        return new Signal(name).getNumber();
    }

    /** Ignores {@code name} in this process (children ignore SIGINT: the master stops them). */
    public Signals ignore(String name) {
        Signal s = new Signal(name);
        signals.add(s);
        previous.add(Signal.handle(s, SignalHandler.SIG_IGN));
        return this;
    }

    /**
     * Sends signal {@code name} ("TERM", "USR1", ... or a number) to process {@code pid} with
     * {@code kill(2)}; false if it is gone or the signal could not be sent. TERM and KILL to another
     * process go through the JDK's {@link ProcessHandle}, which checks that {@code pid} is not a
     * reused one and needs no native library loaded; the other signals through {@link Posix#kill}.
     */
    public static boolean send(long pid, String name) {
        if (pid < 1) {
            return false;
        }
        // ProcessHandle refuses to destroy the current process: a signal to itself goes through kill(2).
        if ((name.equals("TERM") || name.equals("KILL")) && pid != ProcessHandle.current().pid()) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent() || Posix.seesProc()) {
                return h.isPresent() && (name.equals("TERM") ? h.get().destroy() : h.get().destroyForcibly());
            }
            // no /proc (a worker in a changed root): the JDK sees no process at all; kill(2) still reaches it
        }
        boolean numeric = !name.isEmpty() && name.chars().allMatch(Character::isDigit);
        try {
            return Posix.kill(pid, numeric ? Integer.parseInt(name) : Posix.signalNumber(name));
        } catch (IOException e) {
            Log.warn("cannot send SIG" + name + " to " + pid + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Loads the C library binding of {@link Posix} on a background thread, once, so that a later
     * {@link #send} of a signal other than TERM and KILL does not wait for it to load.
     */
    public static void prepare() {
        if (PREPARED.compareAndSet(false, true)) {
            Thread loader = new Thread(() -> {
                try {
                    Posix.getpid();
                } catch (RuntimeException | LinkageError e) {
                    Log.debug("cannot load the C library binding: " + e);
                }
            }, "jswoole-posix-loader");
            loader.setDaemon(true);
            loader.start();
        }
    }

    @Override
    public void close() {
        for (int i = signals.size() - 1; i >= 0; i--) {
            Signal.handle(signals.get(i), previous.get(i));
        }
        signals.clear();
        previous.clear();
    }
}
