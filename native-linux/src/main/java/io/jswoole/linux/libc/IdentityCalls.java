package io.jswoole.linux.libc;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;

/** {@code setgroups}, which {@link io.jswoole.linux.Identity} calls before it switches user. */
public interface IdentityCalls {

    /** Sets the supplementary groups (glibc applies it to every thread of the process). */
    @SaveError
    int setgroups(@size_t long size, @In int[] list);
}
