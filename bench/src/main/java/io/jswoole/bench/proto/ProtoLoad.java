package io.jswoole.bench.proto;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The load a protocol bench puts on each fresh server: one or more workloads, measured in a row. */
public interface ProtoLoad {

    /** The workloads' names, in the order of the table. */
    List<String> workloads();

    /** The load client's command line, for the report. */
    String describe();

    /**
     * Warms {@code session}'s server up and measures every workload once, writing the client's
     * output under {@code logs} with {@code prefix} in the file names.
     */
    List<RunResult> run(String server, int round, ServerSession session, LoadTool tool, Path logs, String prefix)
            throws IOException, InterruptedException;
}
