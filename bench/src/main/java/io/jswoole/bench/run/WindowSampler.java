package io.jswoole.bench.run;

import io.jswoole.bench.proc.ProcFs;
import io.jswoole.bench.proc.TreeSample;

/**
 * Samples CPU time at the start and the end of a measurement window: the server's process tree,
 * the load generator's, this JVM's and the machine's; and the server's resident memory at the
 * end. Each end is sampled once, whichever thread gets there first.
 */
final class WindowSampler {
    private static final long SELF = ProcessHandle.current().pid();

    private final long serverPid;
    private final long clientPid;
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

    WindowSampler(long serverPid, long clientPid) {
        this.serverPid = serverPid;
        this.clientPid = clientPid;
    }

    synchronized void start() {
        if (start == null) {
            start = Snapshot.take(serverPid, clientPid);
        }
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
