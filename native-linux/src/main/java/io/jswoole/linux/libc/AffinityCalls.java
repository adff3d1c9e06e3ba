package io.jswoole.linux.libc;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;

/** The call of {@link io.jswoole.linux.CpuAffinity}. */
public interface AffinityCalls {

    /** Sets the CPUs thread {@code tid} (0: the calling thread) may run on; {@code mask} is a bit set of CPU numbers. */
    @SaveError
    int sched_setaffinity(int tid, @size_t long size, @In long[] mask);
}
