package io.jswoole.linux.libc;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;

/** The call of {@link io.jswoole.linux.Identity} that jnr-posix lacks. */
public interface IdentityCalls {

    /** Sets the supplementary groups (glibc applies it to every thread of the process). */
    @SaveError
    int setgroups(@size_t long size, @In int[] list);
}
