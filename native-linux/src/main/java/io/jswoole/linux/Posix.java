package io.jswoole.linux;

import io.jswoole.linux.libc.NativeLibrary;
import io.jswoole.linux.libc.PosixCalls;
import java.io.IOException;
import jnr.constants.platform.Signal;

/**
 * The POSIX calls jswoole makes: signals ({@code kill}), detaching ({@code setsid}), the open-file
 * limit ({@code getrlimit}), file ownership and modes, the root directory ({@code chroot}). A
 * failed call throws the exception of {@link Errors}; nothing here starts a process. The calls are
 * bound on first use.
 */
public final class Posix {
    /** {@code RLIMIT_NOFILE} of Linux (the same on every architecture jswoole builds for). */
    private static final int RLIMIT_NOFILE = 7;
    private static final java.io.File PROC = new java.io.File("/proc/self");
    private Posix() {
    }

    /** This process's effective user id. */
    public static int geteuid() {
        return calls().geteuid();
    }

    /** This process's id. */
    public static long getpid() {
        return calls().getpid();
    }

    /**
     * The parent's process id (1, or a subreaper's, once the parent is gone). Unlike the JDK's
     * {@link ProcessHandle#parent()} it does not read {@code /proc}, which a changed root hides.
     */
    public static long getppid() {
        return calls().getppid();
    }

    /** Whether this process sees {@code /proc}, where the JDK looks processes up: not in a changed root. */
    public static boolean seesProc() {
        return PROC.exists();
    }

    /**
     * Whether process {@code pid} runs: the JDK's lookup, or {@code kill(pid, 0)} where
     * {@code /proc} is hidden (a chrooted worker), where a process of another user counts as running.
     */
    public static boolean isAlive(long pid) {
        if (pid < 1) {
            return false;
        }
        if (seesProc()) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        try {
            return kill(pid, 0);
        } catch (IOException e) {
            return true; // EPERM: it runs, as another user
        }
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
        if (calls().kill(pid, signal) == 0) {
            return true;
        }
        int errno = Errors.lastErrno();
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
        long sid = calls().setsid();
        if (sid < 0) {
            throw Errors.lastError("setsid");
        }
        return sid;
    }

    /** {@code getrlimit(RLIMIT_NOFILE)}: how many descriptors this process may have open. */
    public static ResourceLimit openFileLimit() throws IOException {
        long[] limit = new long[2];
        if (calls().getrlimit(RLIMIT_NOFILE, limit) != 0) {
            throw Errors.lastError("getrlimit(RLIMIT_NOFILE)");
        }
        return ResourceLimit.of(limit[0], limit[1]);
    }

    /**
     * {@code chown(path, uid, gid)}; -1 leaves that id as it is.
     *
     * @throws IOException if the call fails (EPERM unless the process is the superuser or owner)
     */
    public static void chown(String path, int uid, int gid) throws IOException {
        if (calls().chown(path, uid, gid) != 0) {
            throw Errors.lastError("chown " + path);
        }
    }

    /**
     * {@code chmod(path, mode)}, which unlike Java's file attributes also sets the set-id and
     * sticky bits.
     *
     * @throws IOException if the call fails
     */
    public static void chmod(String path, int mode) throws IOException {
        if (calls().chmod(path, mode) != 0) {
            throw Errors.lastError("chmod " + path);
        }
    }

    /**
     * {@code chroot(dir)} then {@code chdir("/")}, as Swoole's workers do: this process (every
     * thread of it) sees {@code dir} as {@code /} from now on, for good. Paths opened afterwards,
     * absolute or relative, resolve under {@code dir}; what is open already stays open.
     *
     * @throws IOException if a call fails (EPERM without CAP_SYS_CHROOT, ENOENT, ENOTDIR)
     */
    public static void chroot(String dir) throws IOException {
        if (calls().chroot(dir) != 0) {
            throw Errors.lastError("chroot " + dir);
        }
        if (calls().chdir("/") != 0) {
            throw Errors.lastError("chdir / after chroot " + dir);
        }
    }

    /** The C library's message for {@code errno}, such as "Connection reset by peer". */
    public static String strerror(int errno) {
        return calls().strerror(errno);
    }

    /** The bound calls, loaded on first use. */
    static PosixCalls calls() {
        return Loaded.C;
    }

    private static final class Loaded {
        static final PosixCalls C = NativeLibrary.posix();
    }
}
