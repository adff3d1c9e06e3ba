package io.jswoole.bench.run;

import io.jswoole.bench.proc.ProcFs;
import io.jswoole.bench.proc.TreeSample;
import java.time.Duration;

/**
 * Waits, before a measurement, until the rest of the machine is quiet: other processes (not the
 * idle server, not this JVM) use at most a given share of a core over 0.3 s. It gives up
 * after a while and lets the measurement run; the measurement itself records how quiet it was.
 */
final class QuietGate {
    private static final long SELF = ProcessHandle.current().pid();
    private static final long SAMPLE_MILLIS = 300;

    private final double maxOtherPercent;
    private final Duration maxWait;

    QuietGate(double maxOtherPercent, Duration maxWait) {
        this.maxOtherPercent = maxOtherPercent;
        this.maxWait = maxWait;
    }

    /** Waits for quiet while the server {@code serverPid} idles; returns the share of a core others used last, in %. */
    double await(long serverPid) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        double other;
        do {
            double machine0 = ProcFs.machineBusySeconds();
            double server0 = TreeSample.of(serverPid).cpuSeconds();
            double self0 = ProcFs.cpuSeconds(SELF);
            long t0 = System.nanoTime();
            Thread.sleep(SAMPLE_MILLIS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double used = (ProcFs.machineBusySeconds() - machine0) - (TreeSample.of(serverPid).cpuSeconds() - server0)
                    - (ProcFs.cpuSeconds(SELF) - self0);
            other = Math.max(0, 100 * used / seconds);
        } while (other > maxOtherPercent && System.nanoTime() - deadline < 0);
        return other;
    }
}
