package io.jswoole.bench.run;

import java.util.ArrayList;
import java.util.List;

/**
 * Another load generator that takes the C load generator's options ({@code -p -c -s -P -t -w -d
 * -V -L}) and prints its {@code RESULT} line, behind {@code pinning}.
 */
public record ExternalLoadClient(String name, String executable, int threads, int verify, List<String> pinning)
        implements LoadClient {

    /** Parses {@code --client NAME=PATH}. */
    public static ExternalLoadClient parse(String spec, int threads, int verify, List<String> pinning) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--client expects 'java' or NAME=PATH of a load generator, not '"
                    + spec + "'");
        }
        return new ExternalLoadClient(spec.substring(0, eq).trim(), spec.substring(eq + 1).trim(), threads, verify,
                pinning);
    }

    @Override
    public List<String> command(Workload w, int port, double warmupSeconds, double durationSeconds, String label) {
        List<String> cmd = new ArrayList<>(pinning);
        cmd.add(executable);
        cmd.addAll(LoadArguments.of(w, port, threads, warmupSeconds, durationSeconds, verify, label));
        return cmd;
    }

    @Override
    public boolean printsMarkers() {
        return false;
    }
}
