package io.jswoole.bench.run;

import io.jswoole.bench.load.LoadCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * This module's load generator in its own small JVM (serial GC, small heap), behind
 * {@code pinning} (e.g. {@code taskset -c 1}).
 */
public record JavaLoadClient(Path java, String classPath, int threads, int verify, List<String> pinning)
        implements LoadClient {

    @Override
    public String name() {
        return "java";
    }

    @Override
    public List<String> command(Workload w, int port, double warmupSeconds, double durationSeconds, String label) {
        List<String> cmd = new ArrayList<>(pinning);
        cmd.addAll(List.of(java.toString(), "-XX:+UseSerialGC", "-Xms64m", "-Xmx256m", "-cp", classPath,
                LoadCommand.class.getName(), "--markers"));
        cmd.addAll(LoadArguments.of(w, port, threads, warmupSeconds, durationSeconds, verify, label));
        return cmd;
    }

    @Override
    public boolean printsMarkers() {
        return true;
    }
}
