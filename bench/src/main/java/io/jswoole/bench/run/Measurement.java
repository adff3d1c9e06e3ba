package io.jswoole.bench.run;

/**
 * One load run against one server: what the load generator reported and what the server's
 * processes used during the measurement window.
 *
 * @param cpuMicrosPerRequest server CPU time (user + system, all its processes) per request
 * @param syscallsPerRequest  system calls of all the server's processes per request (NaN where not counted)
 * @param serverCpuPercent    server CPU time over the window, in percent of one core
 * @param serverUserPercent   the share of the server's CPU time spent in user mode (the rest is the kernel's)
 * @param rssBytes            resident memory of all the server's processes at the end of the window
 * @param otherCpuPercent     CPU used by anything but the server, the load generator and the runner
 */
public record Measurement(int round, String server, String workload, String client, boolean ok, String note,
                          double rps, double p50Micros, double p99Micros, double p999Micros, double maxMicros,
                          long errors, double cpuMicrosPerRequest, double syscallsPerRequest, double serverCpuPercent, double serverUserPercent,
                          long rssBytes,
                          int serverProcesses, double clientCpuPercent, double otherCpuPercent) {

    /** A run that produced no usable result. */
    static Measurement failed(int round, String server, String workload, String client, String note) {
        return new Measurement(round, server, workload, client, false, note, 0, 0, 0, 0, 0, 0, 0, Double.NaN, 0, 0, 0, 0,
                0, 0);
    }
}
