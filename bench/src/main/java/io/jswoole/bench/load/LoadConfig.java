package io.jswoole.bench.load;

/**
 * One load run against a TCP echo server: {@code connections} connections, each keeping
 * {@code depth} messages of {@code size} bytes in flight (1 = closed loop), spread over
 * {@code threads} threads; {@code warmupSeconds} of load that is not recorded, then
 * {@code durationSeconds} that is.
 */
public record LoadConfig(String host, int port, int connections, int size, int depth, int threads,
                         double warmupSeconds, double durationSeconds, Verify verify, boolean reconnect,
                         double connectTimeoutSeconds, String label) {

    public LoadConfig {
        require(port > 0 && port < 65_536, "port must be 1 to 65535, not " + port);
        require(connections >= 1, "connections must be >= 1, not " + connections);
        require(size >= 1, "size must be >= 1, not " + size);
        require(depth >= 1, "depth must be >= 1, not " + depth);
        require(threads >= 1, "threads must be >= 1, not " + threads);
        require(warmupSeconds >= 0, "warm-up must be >= 0 s, not " + warmupSeconds);
        require(durationSeconds > 0, "duration must be > 0 s, not " + durationSeconds);
        require(connectTimeoutSeconds > 0, "connect timeout must be > 0 s, not " + connectTimeoutSeconds);
        threads = Math.min(threads, connections);
        label = label == null || label.isBlank() ? "-" : label;
    }

    /** A closed-loop or pipelined run on 127.0.0.1 with one thread, full verification and reconnects. */
    public static LoadConfig of(int port, int connections, int size, int depth, double warmupSeconds,
                                double durationSeconds) {
        return new LoadConfig("127.0.0.1", port, connections, size, depth, 1, warmupSeconds, durationSeconds,
                Verify.FULL, true, 5, "-");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
