package io.jswoole.bench.proto;

/**
 * One measured run of one workload against one server in one round.
 *
 * @param rps          requests per second as the load tool reported them
 * @param p50Micros    median latency, NaN if unknown
 * @param p99Micros    99th percentile latency, NaN if unknown
 * @param cpuMicrosPerRequest CPU time (user and system) of all the server's processes per request
 * @param rssBytes     resident memory of all the server's processes at the end of the run
 * @param error        why the run failed, or null
 */
public record RunResult(String server, String workload, int round, double rps, double p50Micros, double p99Micros,
                        double cpuMicrosPerRequest, long rssBytes, String error) {

    /** A failed run. */
    public static RunResult failed(String server, String workload, int round, String error) {
        return new RunResult(server, workload, round, 0, Double.NaN, Double.NaN, Double.NaN, 0, error);
    }

    /** Whether the run gave figures. */
    public boolean ok() {
        return error == null;
    }
}
