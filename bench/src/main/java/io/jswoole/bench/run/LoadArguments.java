package io.jswoole.bench.run;

import java.util.List;
import java.util.Locale;

/** The C load generator's options for one run, which this module's load generator takes too. */
final class LoadArguments {
    private LoadArguments() {
    }

    static List<String> of(Workload w, int port, int threads, double warmup, double duration, int verify,
                           String label) {
        return List.of("-H", "127.0.0.1", "-p", Integer.toString(port), "-c", Integer.toString(w.connections()),
                "-s", Integer.toString(w.size()), "-P", Integer.toString(w.depth()), "-t", Integer.toString(threads),
                "-w", seconds(warmup), "-d", seconds(duration), "-V", Integer.toString(verify), "-L", label);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
