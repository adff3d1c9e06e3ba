package io.jswoole.bench.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the load generator does to a server: connections, message size and messages in flight per connection. */
public record Workload(String name, int connections, int size, int depth) {

    /** The three workloads of the performance targets, by name. */
    public static final Map<String, Workload> PRESETS = presets();

    public Workload {
        if (connections < 1 || size < 1 || depth < 1) {
            throw new IllegalArgumentException("workload " + name + ": connections, size and depth must be >= 1");
        }
    }

    /** A workload that is not a preset, named after its parameters. */
    public static Workload custom(int connections, int size, int depth) {
        return new Workload("c" + connections + "-s" + size + "-P" + depth, connections, size, depth);
    }

    /** The presets named in a comma-separated list, e.g. {@code closed64,closed16k}. */
    public static List<Workload> parse(List<String> names) {
        List<Workload> out = new ArrayList<>();
        for (String list : names) {
            for (String n : list.split(",")) {
                String name = n.trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                Workload w = PRESETS.get(name);
                if (w == null) {
                    throw new IllegalArgumentException("no workload named '" + name + "'; the presets are "
                            + String.join(", ", PRESETS.keySet()));
                }
                if (!out.contains(w)) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /** A one-line description, e.g. {@code 64 B x100 conns, depth 16}. */
    public String describe() {
        String s = size % 1024 == 0 ? size / 1024 + " KiB" : size + " B";
        return s + ", " + connections + " conns, " + (depth == 1 ? "closed loop" : "pipelined x" + depth);
    }

    private static Map<String, Workload> presets() {
        Map<String, Workload> m = new LinkedHashMap<>();
        m.put("closed64", new Workload("closed64", 100, 64, 1));
        m.put("pipelined64", new Workload("pipelined64", 100, 64, 16));
        m.put("closed16k", new Workload("closed16k", 50, 16 * 1024, 1));
        return Collections.unmodifiableMap(m);
    }
}
