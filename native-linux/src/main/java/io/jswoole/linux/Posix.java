package io.jswoole.linux;

import java.io.IOException;
import jnr.constants.platform.RLIMIT;
import jnr.constants.platform.Signal;
import jnr.posix.DefaultNativeRLimit;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.RLimit;
import jnr.posix.util.DefaultPOSIXHandler;

/**
 * The POSIX calls jswoole makes, through jnr-posix: signals ({@code kill}), detaching
 * ({@code setsid}) and the open-file limit ({@code getrlimit}). A failed call throws the exception
 * of {@link Errors}; nothing here starts a process. The library is loaded on first use, and a
 * platform without a native binding fails that use with an {@link UnsupportedOperationException}.
 */
public final class Posix {
    private Posix() {
    }

    /** This process's effective user id. */
    public static int geteuid() {
        return posix().geteuid();
    }

    /** This process's id. */
    public static long getpid() {
        return posix().getpid();
    }

    /**
     * {@code kill(pid, signal)}: sends {@code signal} (0 only checks that the process exists and may
     * be signalled) to the one process {@code pid}.
     *
     * @return false if there is no such process (ESRCH)
     * @throws IllegalArgumentException for a pid below 1, which would name a process group or
     *                                  every process
     * @throws IOException              if the signal cannot be sent for another reason, such as EPERM
     */
    public static boolean kill(long pid, int signal) throws IOException {
        if (pid < 1) {
            throw new IllegalArgumentException("kill: pid " + pid + " is not one process");
        }
        POSIX p = posix();
        if (p.kill(pid, signal) == 0) {
            return true;
        }
        int errno = p.errno();
        if (errno == Errno.ESRCH) {
            return false;
        }
        throw Errors.exception("kill(" + pid + ", " + signal + ")", errno);
    }

    /**
     * The number of the signal named {@code name}, with or without its {@code SIG} prefix
     * ({@code "TERM"}, {@code "SIGUSR1"}).
     *
     * @throws IllegalArgumentException if this platform has no such signal
     */
    public static int signalNumber(String name) {
        String full = name.startsWith("SIG") ? name : "SIG" + name;
        try {
            Signal s = Signal.valueOf(full);
            if (s.defined()) {
                return s.intValue();
            }
        } catch (IllegalArgumentException e) {
            // not a signal name: reported below
        }
        throw new IllegalArgumentException("no signal named " + name);
    }

    /**
     * {@code setsid()}: makes this process the leader of a new session and process group, with no
     * controlling terminal.
     *
     * @return the new session's id, this process's id
     * @throws IOException EPERM if this process already leads a process group
     */
    public static long setsid() throws IOException {
        POSIX p = posix();
        int sid = p.setsid();
        if (sid < 0) {
            throw Errors.exception("setsid", p.errno());
        }
        return sid;
    }

    /** {@code getrlimit(RLIMIT_NOFILE)}: how many descriptors this process may have open. */
    public static ResourceLimit openFileLimit() throws IOException {
        POSIX p = posix();
        RLimit limit = new DefaultNativeRLimit(jnr.ffi.Runtime.getSystemRuntime()) {
        };
        if (p.getrlimit(RLIMIT.RLIMIT_NOFILE.intValue(), limit) != 0) {
            throw Errors.exception("getrlimit(RLIMIT_NOFILE)", p.errno());
        }
        return ResourceLimit.of(limit.rlimCur(), limit.rlimMax());
    }

    /**
     * {@code chown(path, uid, gid)}; -1 leaves that id as it is.
     *
     * @throws IOException if the call fails (EPERM unless the process is the superuser or owner)
     */
    public static void chown(String path, int uid, int gid) throws IOException {
        POSIX p = posix();
        if (p.chown(path, uid, gid) != 0) {
            throw Errors.exception("chown " + path, p.errno());
        }
    }

    /**
     * {@code chmod(path, mode)}, which unlike Java's file attributes also sets the set-id and
     * sticky bits.
     *
     * @throws IOException if the call fails
     */
    public static void chmod(String path, int mode) throws IOException {
        POSIX p = posix();
        if (p.chmod(path, mode) != 0) {
            throw Errors.exception("chmod " + path, p.errno());
        }
    }

    /** The C library's message for {@code errno}, such as "Connection reset by peer". */
    public static String strerror(int errno) {
        return posix().strerror(errno);
    }

    static POSIX posix() {
        return Loaded.POSIX;
    }

    /** Loads the library when first asked for it. */
    private static final class Loaded {
        static final POSIX POSIX = load();

        private static POSIX load() {
            POSIX p = POSIXFactory.getNativePOSIX(new DefaultPOSIXHandler());
            if (!p.isNative()) {
                throw new UnsupportedOperationException("jnr-posix has no native binding on this platform");
            }
            return p;
        }
    }
}
