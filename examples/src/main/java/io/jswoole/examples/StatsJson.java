package io.jswoole.examples;

import io.jswoole.ServerStats;
import java.lang.reflect.RecordComponent;

/** {@link ServerStats} as a JSON object, one member per counter, under the record's names. */
public final class StatsJson {
    private StatsJson() {
    }

    /** E.g. {@code {"startTime":1700000000,"connectionNum":1,...}}. */
    public static String of(ServerStats stats) {
        StringBuilder json = new StringBuilder("{");
        for (RecordComponent c : ServerStats.class.getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(stats);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("reading " + c.getName(), e);
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(c.getName()).append("\":").append(value);
        }
        return json.append("}\n").toString();
    }
}
