package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.supervision.metrics.AdminClient;
import io.jswoole.supervision.metrics.AdminEndpoint;
import io.jswoole.testing.Await;
import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin endpoint of a real server (two workers, two task workers), in both modes: after ten
 * {@code taskwait} requests, {@code GET /metrics} parses as the Prometheus text format, its
 * histograms are well formed (cumulative buckets ending in {@code +Inf} = {@code _count}) and count
 * ten onReceive and ten onTask calls, ten packets dispatched and both workers idle; {@code GET /stats}
 * is the same as JSON; bad requests get their HTTP error and the socket is the owner's alone.
 */
@Timeout(120)
class AdminEndpointTest {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");
    private static final int REQUESTS = 10;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"base", "process"})
    void metricsCountEveryCallback(String mode) throws Exception {
        try (ServerProcess server = TaskApp.start(dir, mode, "1")) {
            int port = server.port();
            Path runDir = dir.resolve("jswoole-" + server.master().pid()); // RunDir.of under the run_base it was given
            try (Socket s = Clients.connect("127.0.0.1", port)) {
                s.setSoTimeout(20_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                for (int i = 0; i < REQUESTS; i++) {
                    s.getOutputStream().write(("w " + i + " 64 5000 0\n").getBytes(StandardCharsets.US_ASCII));
                    String reply = in.readLine();
                    assertTrue(reply != null && reply.endsWith("ok"), "taskwait answered: " + reply);
                }
                // base-mode workers publish their connection counters every 100 ms
                Map<String, List<Sample>> families = parse(metrics(runDir));
                long deadline = System.nanoTime() + Await.DEADLINE_MILLIS * 1_000_000;
                while (sample(families, "jswoole_request_count") < REQUESTS || sample(families, "jswoole_worker_num") < 2
                        || sample(families, "jswoole_task_worker_num") < 2
                        || sample(families, "jswoole_dispatch_count") < REQUESTS
                        || sample(families, "jswoole_idle_worker_num") < 2) {
                    assertTrue(System.nanoTime() - deadline < 0, "request_count and dispatch_count reach " + REQUESTS
                            + ", every process runs and both workers are out of their callbacks: " + families);
                    Thread.sleep(20);
                    families = parse(metrics(runDir));
                }
                assertEquals(1, sample(families, "jswoole_connection_num"), "the one client connection is open");
                assertEquals(2, sample(families, "jswoole_worker_num"));
                assertEquals(2, sample(families, "jswoole_task_worker_num"));
                assertEquals(REQUESTS, sample(families, "jswoole_dispatch_count"), "each packet dispatched once");
                assertEquals(2, sample(families, "jswoole_idle_worker_num"));
                assertEquals(REQUESTS, histogramCount(families, "onReceive"), "onReceive calls");
                assertEquals(REQUESTS, histogramCount(families, "onTask"), "onTask calls");
                long waits = familyCount(families, "jswoole_dispatch_wait_seconds");
                assertEquals(mode.equals("process") ? REQUESTS : 0, waits,
                        "every packet's wait between its reactor thread and its worker, in process mode only");

                String json = AdminClient.get(runDir, "/stats").body();
                assertTrue(json.startsWith("{") && json.endsWith("}"), json);
                assertTrue(json.contains("\"worker_num\":2") && json.contains("\"callback\":\"onTask\""), json);
                assertTrue(json.contains("\"idle_worker_num\":2") && json.contains("\"dispatch_count\":" + REQUESTS + ","),
                        json);
                assertEquals(mode.equals("process"), json.contains("\"dispatch_wait\":[{\"role\":\"worker\""), json);
            }
            assertEquals(PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(runDir.resolve(AdminEndpoint.FILE)), "only the server's user");
            assertEquals(404, AdminClient.get(runDir, "/nothing").status());
            assertEquals(405, raw(runDir, "POST /metrics HTTP/1.0\r\n\r\n"));
            assertEquals(400, raw(runDir, "GARBAGE\r\n\r\n"));
            assertEquals(431, raw(runDir, "GET /" + "x".repeat(9000)));
            assertEquals(200, AdminClient.get(runDir, "/metrics").status(), "still serving after bad requests");
        }
    }

    @SettingEffect(keys = {"admin_address", "admin_token"}, modes = {"base", "process"})
    @ParameterizedTest
    @ValueSource(strings = {"base", "process"})
    void overTcpOnlyWithTheToken(String mode) throws Exception {
        String token = "s3cret-0123456789abcdef";
        try (ServerProcess server = TaskApp.start(dir, mode, "1", "admin_address=127.0.0.1:0", "admin_token=" + token)) {
            Matcher at = Pattern.compile("admin endpoint on 127\\.0\\.0\\.1:(\\d+) \\(TCP")
                    .matcher(server.awaitLine(l -> l.contains("admin endpoint on "), Await.DEADLINE_MILLIS));
            assertTrue(at.find());
            int port = Integer.parseInt(at.group(1));
            assertTrue(tcp(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.0 401 "), "no token");
            assertTrue(tcp(port, "GET /metrics HTTP/1.1\r\nAuthorization: Bearer wrong-0123456789abcdef\r\n\r\n")
                    .startsWith("HTTP/1.0 401 "), "a wrong token");
            String answer = tcp(port, "GET /metrics HTTP/1.1\r\nAuthorization: Bearer " + token + "\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.0 200 "), answer);
            parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }
    }

    /** A request over TCP and the whole answer. */
    private static String tcp(int port, String request) throws IOException {
        try (Socket s = Clients.connect("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String metrics(Path runDir) throws IOException {
        AdminClient.Answer a = AdminClient.get(runDir, "/metrics");
        assertEquals(200, a.status(), a.body());
        return a.body();
    }

    /** The status of a hand-written request. */
    private static int raw(Path runDir, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(runDir.resolve(AdminEndpoint.FILE)));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (ch.read(in) >= 0 && in.hasRemaining()) {
                // until the endpoint closes
            }
            String answer = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.0 "), answer);
            return Integer.parseInt(answer.substring(9, 12));
        }
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** Parses the text format strictly: every sample belongs to a family declared by a TYPE line before it. */
    static Map<String, List<Sample>> parse(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, List<Sample>> families = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] w = line.split(" ");
                assertEquals(4, w.length, line);
                assertTrue(List.of("gauge", "counter", "histogram").contains(w[3]), line);
                assertFalse(types.containsKey(w[2]), "one TYPE per family: " + line);
                types.put(w[2], w[3]);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "a sample line: " + line);
            String name = m.group(1);
            String family = types.containsKey(name) ? name : name.replaceFirst("_(bucket|sum|count)$", "");
            assertTrue(types.containsKey(family), "declared before use: " + line);
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            double value = m.group(4).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(4));
            families.computeIfAbsent(family, k -> new ArrayList<>()).add(new Sample(name, labels, value));
        }
        checkHistograms(types, families);
        return families;
    }

    /** Each histogram series: buckets in ascending le, cumulative, the last +Inf and equal to _count. */
    private static void checkHistograms(Map<String, String> types, Map<String, List<Sample>> families) {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
            for (Sample s : families.getOrDefault(family, List.of())) {
                Map<String, String> key = new LinkedHashMap<>(s.labels());
                key.remove("le");
                series.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            }
            series.forEach((labels, samples) -> {
                double lastLe = Double.NEGATIVE_INFINITY;
                double lastCount = 0;
                double count = -1;
                for (Sample s : samples) {
                    if (s.name().endsWith("_bucket")) {
                        String leText = s.labels().get("le");
                        double le = leText.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(leText);
                        assertTrue(le > lastLe && s.value() >= lastCount, "ascending, cumulative: " + s);
                        lastLe = le;
                        lastCount = s.value();
                    } else if (s.name().endsWith("_count")) {
                        count = s.value();
                    }
                }
                assertEquals(Double.POSITIVE_INFINITY, lastLe, "ends with +Inf: " + labels);
                assertEquals(count, lastCount, "+Inf bucket = _count: " + labels);
            });
        });
    }

    private static long sample(Map<String, List<Sample>> families, String name) {
        List<Sample> s = families.get(name);
        assertTrue(s != null && s.size() == 1, name + ": " + s);
        return (long) s.get(0).value();
    }

    private static long familyCount(Map<String, List<Sample>> families, String family) {
        return (long) families.getOrDefault(family, List.of()).stream().filter(s -> s.name().endsWith("_count"))
                .mapToDouble(Sample::value).sum();
    }

    private static long histogramCount(Map<String, List<Sample>> families, String callback) {
        return (long) families.getOrDefault("jswoole_callback_duration_seconds", List.of()).stream()
                .filter(s -> s.name().endsWith("_count") && callback.equals(s.labels().get("callback")))
                .mapToDouble(Sample::value).sum();
    }
}
