package io.jswoole.bench.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code RESULT key=value ...} line both load generators print last. */
record ResultLine(Map<String, String> values) {

    static boolean matches(String line) {
        return line.startsWith("RESULT ");
    }

    static ResultLine parse(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String word : line.substring("RESULT ".length()).trim().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                m.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return new ResultLine(m);
    }

    double number(String key) {
        String v = values.get(key);
        return v == null ? 0 : Double.parseDouble(v);
    }
}
