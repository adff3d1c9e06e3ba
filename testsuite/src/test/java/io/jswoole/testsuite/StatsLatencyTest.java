package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.supervision.metrics.AdminClient;
import io.jswoole.testing.Await;
import io.jswoole.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The latencies of {@code stats()} in a real server (two workers, two task workers), in both
 * modes: after twenty {@code taskwait} requests a worker's {@code stats()} counts at least twenty
 * onReceive and twenty onTask calls over the whole server, with a median above zero and no
 * higher than the 99th percentile, and, in process mode only, as many dispatch waits; the admin
 * endpoint's {@code GET /stats} shows the same under {@code latencies}.
 */
@Timeout(120)
class StatsLatencyTest {
    private static final Pattern REPLY = Pattern.compile("L receive=(\\d+) p50=(\\d+) p99=(\\d+) task=(\\d+) dispatch=(\\d+)");
    private static final Pattern JSON_RECEIVE = Pattern.compile(
            "\"latencies\":\\{\"onReceive\":\\{\"count\":(\\d+),\"mean_seconds\":[0-9.]+,\"p50_seconds\":([0-9.]+),"
                    + "\"p90_seconds\":[0-9.]+,\"p99_seconds\":([0-9.]+),\"p999_seconds\":[0-9.]+}");
    private static final int REQUESTS = 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"base", "process"})
    void statsReportEachCallbackKindsPercentiles(String mode) throws Exception {
        try (ServerProcess server = TaskApp.start(dir, mode, "1");
             Socket s = Clients.connect("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            for (int i = 0; i < REQUESTS; i++) {
                String reply = ask(s, in, "w " + i + " 64 5000 0");
                assertTrue(reply != null && reply.endsWith("ok"), "taskwait answered: " + reply);
            }
            // a callback is counted as it returns, after its reply may have left
            long deadline = System.nanoTime() + Await.DEADLINE_MILLIS * 1_000_000;
            Matcher m = latencies(s, in);
            while (Long.parseLong(m.group(1)) < REQUESTS || Long.parseLong(m.group(4)) < REQUESTS) {
                assertTrue(System.nanoTime() - deadline < 0, "every onReceive and onTask counted: " + m.group());
                Thread.sleep(20);
                m = latencies(s, in);
            }
            long p50 = Long.parseLong(m.group(2));
            long p99 = Long.parseLong(m.group(3));
            assertTrue(p50 > 0 && p50 <= p99, "0 < p50 <= p99: " + m.group());
            long waits = Long.parseLong(m.group(5));
            if (mode.equals("process")) {
                assertTrue(waits >= REQUESTS, "each packet's wait for its worker: " + m.group());
            } else {
                assertEquals(0, waits, "no dispatch in base mode: " + m.group());
            }

            Path runDir = dir.resolve("jswoole-" + server.master().pid()); // RunDir.of under the run_base it was given
            String json = AdminClient.get(runDir, "/stats").body();
            Matcher j = JSON_RECEIVE.matcher(json);
            assertTrue(j.find(), json);
            assertTrue(Long.parseLong(j.group(1)) >= REQUESTS, json);
            double jsonP50 = Double.parseDouble(j.group(2));
            assertTrue(jsonP50 > 0 && jsonP50 <= Double.parseDouble(j.group(3)), json);
        }
    }

    private static Matcher latencies(Socket s, BufferedReader in) throws IOException {
        String line = ask(s, in, "l");
        Matcher m = REPLY.matcher(line == null ? "" : line);
        assertTrue(m.matches(), "reply: " + line);
        return m;
    }

    private static String ask(Socket s, BufferedReader in, String request) throws IOException {
        s.getOutputStream().write((request + "\n").getBytes(StandardCharsets.US_ASCII));
        return in.readLine();
    }
}
