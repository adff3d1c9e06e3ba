package io.jswoole.examples;

import io.jswoole.ServerStats;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Map;

/**
 * {@link ServerStats} as a JSON object, one member per counter, under the record's names; the
 * latencies as an object per kind, their durations in nanoseconds.
 */
public final class StatsJson {
    private StatsJson() {
    }

    /** E.g. {@code {"startTime":1700000000,"connectionNum":1,...,"latencies":{"onReceive":{"count":3,...}}}}. */
    public static String of(ServerStats stats) {
        StringBuilder json = new StringBuilder();
        value(json, stats);
        return json.append('\n').toString();
    }

    /** Appends a record as an object, a map as an object of its entries, a duration as nanoseconds. */
    private static void value(StringBuilder json, Object value) {
        if (value instanceof Record r) {
            json.append('{');
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                Object v;
                try {
                    v = c.getAccessor().invoke(r);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("reading " + c.getName(), e);
                }
                member(json, c.getName(), v);
            }
            json.append('}');
        } else if (value instanceof Map<?, ?> m) {
            json.append('{');
            m.forEach((k, v) -> member(json, String.valueOf(k), v));
            json.append('}');
        } else if (value instanceof Duration d) {
            json.append(d.toNanos());
        } else {
            json.append(value);
        }
    }

    private static void member(StringBuilder json, String name, Object value) {
        if (json.charAt(json.length() - 1) != '{') {
            json.append(',');
        }
        json.append('"').append(name).append("\":");
        value(json, value);
    }
}
