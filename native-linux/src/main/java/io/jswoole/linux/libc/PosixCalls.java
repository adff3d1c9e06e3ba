package io.jswoole.linux.libc;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.pid_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.uid_t;

/**
 * The POSIX calls of {@link io.jswoole.linux.Posix} and {@link io.jswoole.linux.Identity}: a few
 * functions bound on their own, since binding jnr-posix's C library interface (some two hundred
 * functions) cost a starting JVM about 300 ms.
 */
public interface PosixCalls {

    @pid_t
    long getpid();

    @uid_t
    int getuid();

    @uid_t
    int geteuid();

    @gid_t
    int getgid();

    @gid_t
    int getegid();

    @SaveError
    int kill(@pid_t long pid, int signal);

    @SaveError
    @pid_t
    long setsid();

    /** {@code limit} receives {@code struct rlimit}: the soft and the hard limit. */
    @SaveError
    int getrlimit(int resource, @Out long[] limit);

    @SaveError
    int chown(String path, @uid_t int uid, @gid_t int gid);

    @SaveError
    int chmod(String path, @mode_t int mode);

    @mode_t
    int umask(@mode_t int mask);

    @SaveError
    int setuid(@uid_t int uid);

    @SaveError
    int setgid(@gid_t int gid);

    /** Sets the supplementary groups (glibc applies it to every thread of the process). */
    @SaveError
    int setgroups(@size_t long size, @In int[] list);

    String strerror(int errno);
}
