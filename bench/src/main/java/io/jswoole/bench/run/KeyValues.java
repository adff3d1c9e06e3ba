package io.jswoole.bench.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code key=value,key=value} option values, keeping their order. */
final class KeyValues {
    private KeyValues() {
    }

    static Map<String, String> parse(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, not '" + part.trim() + "' in '" + spec + "'");
            }
            m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return m;
    }
}
