package io.jswoole.bench.run;

import io.jswoole.bench.proc.ProcFs;
import io.jswoole.bench.proc.SyscallCounter;
import io.jswoole.bench.proc.TreeSample;

/**
 * Samples CPU time at the start and the end of a measurement window: the server's process tree,
 * the load generator's, this JVM's and the machine's; the server's resident memory at the end;
 * and, where {@code perf} may count them, the server's system calls during the window's nominal
 * length. Each end is sampled once, whichever thread gets there first.
 */
final class WindowSampler {
    private static final long SELF = ProcessHandle.current().pid();

    private final long serverPid;
    private final long clientPid;
    private final double seconds;
    private SyscallCounter syscalls;
    private Snapshot start;
    private Snapshot end;

    /** CPU times at one moment; {@code client} is NaN once the load generator has exited. */
    private record Snapshot(TreeSample server, double client, double self, double machine) {
        static Snapshot take(long serverPid, long clientPid) {
            TreeSample client = TreeSample.of(clientPid);
            return new Snapshot(TreeSample.of(serverPid), client.processes() > 0 ? client.cpuSeconds() : Double.NaN,
                    ProcFs.cpuSeconds(SELF), ProcFs.machineBusySeconds());
        }
    }

    /** {@code seconds}: the window's nominal length, over which system calls are counted. */
    WindowSampler(long serverPid, long clientPid, double seconds) {
        this.serverPid = serverPid;
        this.clientPid = clientPid;
        this.seconds = seconds;
    }

    synchronized void start() {
        if (start == null) {
            start = Snapshot.take(serverPid, clientPid);
            syscalls = SyscallCounter.start(serverPid, seconds);
        }
    }

    /** The server's system calls per second in the window (waiting for the count to end), NaN if not counted. */
    double serverSyscallsPerSecond() {
        SyscallCounter c;
        synchronized (this) {
            c = syscalls;
        }
        return c == null ? Double.NaN : c.perSecond();
    }

    synchronized void end() {
        if (start != null && end == null) {
            end = Snapshot.take(serverPid, clientPid);
        }
    }

    synchronized boolean complete() {
        return start != null && end != null;
    }

    synchronized double windowSeconds() {
        return (end.server().nanoTime() - start.server().nanoTime()) / 1e9;
    }

    synchronized double serverCpuSeconds() {
        return end.server().cpuSeconds() - start.server().cpuSeconds();
    }

    /** The server's CPU time in user mode (its own code, the JVM's) during the window. */
    synchronized double serverUserSeconds() {
        return end.server().userSeconds() - start.server().userSeconds();
    }

    /**
     * The load generator's CPU seconds in the window, or NaN when it could not be sampled at the
     * end (a program that prints its report as it exits may be gone by then).
     */
    synchronized double clientCpuSeconds() {
        return end.client() - start.client();
    }

    /** CPU seconds of everything else on the machine during the window, given the load generator's. */
    synchronized double otherCpuSeconds(double clientCpuSeconds) {
        double machine = end.machine() - start.machine();
        return Math.max(0, machine - serverCpuSeconds() - clientCpuSeconds - (end.self() - start.self()));
    }

    synchronized TreeSample serverAtEnd() {
        return end.server();
    }
}
