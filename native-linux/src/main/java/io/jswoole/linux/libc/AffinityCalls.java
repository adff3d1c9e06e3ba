package io.jswoole.linux.libc;

/** The call of {@link io.jswoole.linux.CpuAffinity}. */
public final class AffinityCalls {
    AffinityCalls() { // made once, by NativeLibrary, after the library is loaded
    }

    /** Sets the CPUs thread {@code tid} (0: the calling thread) may run on; {@code mask} is a bit set of CPU numbers. */
    public native int sched_setaffinity(int tid, long size, long[] mask);
}
