package io.jswoole.linux;

import io.jswoole.linux.libc.AffinityCalls;
import io.jswoole.linux.libc.NativeLibrary;
import java.io.IOException;

/** Pins a thread to one CPU ({@code sched_setaffinity(2)}), for Swoole's {@code open_cpu_affinity}. */
public final class CpuAffinity {
    private CpuAffinity() {
    }

    /** Lets the calling thread run on {@code cpu} only. */
    public static void pinCurrentThread(int cpu) throws IOException {
        if (cpu < 0) {
            throw new IllegalArgumentException("no CPU " + cpu);
        }
        long[] mask = new long[cpu / 64 + 1];
        mask[cpu / 64] = 1L << (cpu % 64);
        if (Calls.C.sched_setaffinity(0, mask.length * 8L, mask) != 0) {
            throw Errors.exception("sched_setaffinity", Errors.lastErrno());
        }
    }

    private static final class Calls {
        static final AffinityCalls C = NativeLibrary.affinity();
    }
}
