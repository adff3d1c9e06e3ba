package io.jswoole.bench.proto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code redis-benchmark --csv} printed: per test ({@code SET}, {@code GET}...), requests
 * per second and, when its header names them (redis-benchmark 6.2 and later), the median and
 * 99th percentile latency. Older versions print only {@code "test","rps"} rows without a header.
 */
public final class RedisBenchmarkCsv {
    private RedisBenchmarkCsv() {
    }

    /**
     * One test's figures.
     *
     * @param p50Micros the median latency in microseconds, NaN if not printed
     * @param p99Micros the 99th percentile in microseconds, NaN if not printed
     */
    public record Row(String test, double requestsPerSecond, double p50Micros, double p99Micros) {
    }

    /**
     * Parses the output; lines that are not CSV rows (progress, warnings) are ignored.
     *
     * @return the rows by upper-case test name, in the order printed
     * @throws IllegalArgumentException if there is no row
     */
    public static Map<String, Row> parse(String output) {
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> header = List.of("test", "rps");
        for (String raw : output.split("\\R")) {
            // Progress lines end in a carriage return, the result after it.
            String line = raw.substring(raw.lastIndexOf('\r') + 1).trim();
            if (!line.startsWith("\"")) {
                continue;
            }
            List<String> cells = cells(line);
            if (cells.get(0).equals("test")) {
                header = cells;
                continue;
            }
            int rps = header.indexOf("rps");
            if (rps < 0 || cells.size() <= rps) {
                continue;
            }
            String test = cells.get(0).toUpperCase(Locale.ROOT);
            rows.put(test, new Row(test, Double.parseDouble(cells.get(rps)), millisAsMicros(header, cells,
                    "p50_latency_ms"), millisAsMicros(header, cells, "p99_latency_ms")));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no result rows in redis-benchmark's CSV output");
        }
        return rows;
    }

    private static double millisAsMicros(List<String> header, List<String> cells, String column) {
        int i = header.indexOf(column);
        return i < 0 || i >= cells.size() ? Double.NaN : Double.parseDouble(cells.get(i)) * 1e3;
    }

    /** The cells of a line of double-quoted, comma-separated values. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
