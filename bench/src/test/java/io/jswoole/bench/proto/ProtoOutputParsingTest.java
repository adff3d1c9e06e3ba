package io.jswoole.bench.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load clients' outputs (wrk, redis-benchmark --csv), the nginx configuration and the table. */
@Timeout(10)
class ProtoOutputParsingTest {
    private static final String WRK = """
            Running 3s test @ http://127.0.0.1:40123/
              1 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   612.34us  201.10us  12.50ms   91.20%
                Req/Sec   104.22k     3.10k  110.01k    72.00%
              Latency Distribution
                 50%  580.00us
                 75%  650.00us
                 90%  760.00us
                 99%    1.24ms
              311234 requests in 3.00s, 38.29MB read
            Requests/sec: 103742.61
            Transfer/sec:     12.76MB
            """;

    @Test
    void wrkRateLatencyAndRequests() {
        WrkOutput w = WrkOutput.parse(WRK);
        assertEquals(103742.61, w.requestsPerSecond(), 1e-6);
        assertEquals(580.0, w.p50Micros(), 1e-9);
        assertEquals(1240.0, w.p99Micros(), 1e-9);
        assertEquals(311234, w.requests());
        assertEquals(0, w.errors());
    }

    @Test
    void wrkErrorsAndOtherUnits() {
        String out = WRK.replace("50%  580.00us", "50%    2.00s").replace("99%    1.24ms", "99%    1.50m")
                .replace("Requests/sec", "  Socket errors: connect 1, read 2, write 3, timeout 4\n"
                        + "  Non-2xx or 3xx responses: 10\nRequests/sec");
        WrkOutput w = WrkOutput.parse(out);
        assertEquals(2e6, w.p50Micros(), 1e-6);
        assertEquals(90e6, w.p99Micros(), 1e-6);
        assertEquals(20, w.errors());
    }

    @Test
    void wrkWithoutLatencyOrRateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WrkOutput.parse(WRK.replaceAll("(?m)^\\s+\\d+%.*\\n", "")));
        assertThrows(IllegalArgumentException.class, () -> WrkOutput.parse("unable to connect to 127.0.0.1:1\n"));
    }

    @Test
    void redisBenchmarkCsvWithHeader() {
        String out = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\","
                + "\"p99_latency_ms\",\"max_latency_ms\"\n"
                + "\"SET\",\"20366.60\",\"1.650\",\"0.096\",\"0.887\",\"6.191\",\"8.743\",\"29.039\"\n"
                + "SET: rps=12000.0 (overall: 11000.0) avg_msec=1.0 (overall: 1.0)\r"
                + "\"GET\",\"23337.22\",\"1.529\",\"0.072\",\"0.807\",\"3.655\",\"10.479\",\"108.479\"\n";
        Map<String, RedisBenchmarkCsv.Row> rows = RedisBenchmarkCsv.parse(out);
        assertEquals(List.of("SET", "GET"), List.copyOf(rows.keySet()));
        RedisBenchmarkCsv.Row get = rows.get("GET");
        assertEquals(23337.22, get.requestsPerSecond(), 1e-9);
        assertEquals(807.0, get.p50Micros(), 1e-9);
        assertEquals(10479.0, get.p99Micros(), 1e-9);
        assertEquals(887.0, rows.get("SET").p50Micros(), 1e-9);
    }

    @Test
    void redisBenchmarkCsvOfOlderVersions() {
        Map<String, RedisBenchmarkCsv.Row> rows = RedisBenchmarkCsv.parse("\"SET\",\"81234.77\"\n\"GET\",\"90000.00\"\n");
        assertEquals(81234.77, rows.get("SET").requestsPerSecond(), 1e-9);
        assertTrue(Double.isNaN(rows.get("GET").p99Micros()));
        assertThrows(IllegalArgumentException.class, () -> RedisBenchmarkCsv.parse("Could not connect to Redis\n"));
        assertEquals(List.of("a,b", "c\"d", ""), RedisBenchmarkCsv.cells("\"a,b\",\"c\"\"d\",\"\""));
    }

    @Test
    void nginxConfigurationAnswersTheHelloAndKeepsItsFilesInItsDirectory() {
        Path dir = Path.of("/tmp/x");
        String conf = NginxConfig.text(8080, 2, dir, false);
        assertTrue(conf.contains("worker_processes 2;"), conf);
        assertTrue(conf.contains("listen 127.0.0.1:8080;"), conf);
        assertTrue(conf.contains("return 200 \"Hello, World!\\n\";"), conf);
        assertTrue(conf.contains("default_type text/plain;") && conf.contains("access_log off;"), conf);
        assertTrue(conf.contains("pid " + dir.resolve("nginx.pid") + ";"), conf);
        assertFalse(conf.contains("user "), conf);
        assertTrue(NginxConfig.text(8080, 2, dir, true).startsWith("user root;"));
    }

    @Test
    void tableGivesMediansAndRatiosAndListsFailures() {
        List<RunResult> results = List.of(
                new RunResult("jswoole", "GET /", 1, 90, 500, 900, 10, 100 << 20, null),
                new RunResult("jswoole", "GET /", 2, 110, 700, 1100, 12, 100 << 20, null),
                new RunResult("jswoole", "GET /", 3, 100, 600, 1000, 11, 100 << 20, null),
                new RunResult("nginx", "GET /", 1, 200, 300, 500, 5, 4 << 20, null),
                RunResult.failed("nginx", "GET /", 2, "boom"));
        String table = ProtoTable.format(results, List.of("GET /"), List.of("jswoole", "nginx"), "nginx", 3);
        assertTrue(table.contains("| GET / | jswoole | 100 | 20% | 0.50 | 600 | 1,000 | 11.00 | 100 |"), table);
        assertTrue(table.contains("|  | nginx | 200 | 0% | 1.00 | 300 | 500 | 5.00 | 4 |"), table);
        assertTrue(table.contains("- GET /, nginx, round 2 failed: boom"), table);
    }
}
