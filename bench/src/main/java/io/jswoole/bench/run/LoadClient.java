package io.jswoole.bench.run;

import java.util.List;

/** A load generator the runner starts as a child process for every measurement. */
public interface LoadClient {

    /** The name in tables, e.g. {@code java}. */
    String name();

    /** The command line of one run against 127.0.0.1:{@code port}. */
    List<String> command(Workload workload, int port, double warmupSeconds, double durationSeconds, String label);

    /**
     * Whether the client prints {@code WINDOW start} and {@code WINDOW end}; a client that does not
     * is taken to open its window after the warm-up and to close it when it prints its report.
     */
    boolean printsMarkers();
}
