package io.jswoole.linux.libc;

/**
 * The POSIX calls of {@link io.jswoole.linux.Posix} and {@link io.jswoole.linux.Identity}. Errno as
 * in {@link SocketCalls}. Not API.
 */
public final class PosixCalls {
    PosixCalls() { // made once, by NativeLibrary, after the library is loaded
    }

    public native long getpid();

    public native long getppid();

    public native int getuid();

    public native int geteuid();

    public native int getgid();

    public native int getegid();

    public native int kill(long pid, int signal);

    public native long setsid();

    /** {@code limit} receives {@code struct rlimit}: the soft and the hard limit. */
    public native int getrlimit(int resource, long[] limit);

    public native int chown(String path, int uid, int gid);

    public native int chmod(String path, int mode);

    public native int umask(int mask);

    public native int chroot(String path);

    public native int chdir(String path);

    public native int setuid(int uid);

    public native int setgid(int gid);

    /** Sets the supplementary groups (glibc applies it to every thread of the process). */
    public native int setgroups(long size, int[] list);

    public native String strerror(int errno);
}
