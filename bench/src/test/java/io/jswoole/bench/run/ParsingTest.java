package io.jswoole.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runner's option values: workloads, server specs, commands and RESULT lines. */
@Timeout(10)
class ParsingTest {

    @Test
    void presetsAndCustomWorkloads() {
        List<Workload> w = Workload.parse(List.of("closed64,closed16k", "closed64"));
        assertEquals(List.of("closed64", "closed16k"), w.stream().map(Workload::name).toList());
        assertEquals(new Workload("pipelined64", 100, 64, 16), Workload.PRESETS.get("pipelined64"));
        assertEquals("c10-s512-P4", Workload.custom(10, 512, 4).name());
        assertThrows(IllegalArgumentException.class, () -> Workload.parse(List.of("nope")));
    }

    @Test
    void jswooleSpecBecomesALauncherCommand() {
        JswooleServer s = JswooleServer.parse("reactor=nio,mode=base,worker_num=2",
                Launcher.classPath(Path.of("java"), Path.of("lib"), List.of("-Xmx1g")));
        assertEquals("jswoole-base-nio-w2", s.name());
        List<String> cmd = s.command(1234);
        assertEquals(List.of("java", "-Xmx1g", "-cp", Path.of("lib", "*").toString(), "io.jswoole.launcher.Main",
                "run", "--example", "echo", "--host", "127.0.0.1", "--port", "1234", "--set", "mode=base",
                "--set", "reactor=nio", "--set", "worker_num=2"), cmd);
        Launcher script = Launcher.script(Path.of("bin", "jswoole"), List.of("-Xmx64m", "-Xss1m"));
        JswooleServer viaScript = JswooleServer.parse("name=fast,mode=base", script);
        assertEquals("fast", viaScript.name());
        assertEquals(List.of(Path.of("bin", "jswoole").toString(), "run", "--example", "echo", "--host", "127.0.0.1",
                "--port", "9", "--set", "mode=base"), viaScript.command(9));
        assertEquals(Map.of("JSWOOLE_JAVA_OPTS", "-Xmx64m -Xss1m"), viaScript.environment());
        Launcher plain = Launcher.script(Path.of("j"), List.of());
        assertEquals(Map.of(), JswooleServer.parse("mode=base", plain).environment());
        assertEquals("jswoole-process-epoll-r2-max_request=9",
                JswooleServer.parse("mode=process,reactor=epoll,reactor_num=2,max_request=9", script).name());
    }

    @Test
    void nettyAndExternalSpecs() {
        NettyServer n = NettyServer.parse("transport=nio,threads=2", Path.of("java"), "cp", List.of());
        assertEquals("netty-nio-t2", n.name());
        assertTrue(n.command(5).containsAll(List.of("--transport", "nio", "--port", "5", "--threads", "2")));
        assertThrows(IllegalArgumentException.class,
                () -> NettyServer.parse("color=red", Path.of("j"), "cp", List.of()));
        ExternalServer e = ExternalServer.parse("c-echo=/opt/my tools/echo -p {port}");
        assertEquals(List.of("/opt/my", "tools/echo", "-p", "77"), e.command(77));
        assertEquals(List.of("/opt/my tools/echo", "-p", "77"),
                ExternalServer.parse("c='/opt/my tools/echo' -p {port}").command(77));
        assertThrows(IllegalArgumentException.class, () -> ExternalServer.parse("c=/bin/echo"));
    }

    @Test
    void resultLinesOfEitherLoadGenerator() {
        ResultLine r = ResultLine.parse("RESULT label=- conns=100 size=64 depth=1 rps=128829.7 mbps=8.25 p50_us=733.2 "
                + "p90_us=974.8 p99_us=1392.6 p999_us=2785.3 max_us=6137.9 errors=0 stalled=0");
        assertEquals(128829.7, r.number("rps"));
        assertEquals(1392.6, r.number("p99_us"));
        assertEquals(0, r.number("reconnects"));
        assertEquals(Map.of("a", "1"), ResultLine.parse("RESULT a=1 junk").values());
    }

    @Test
    void summaryTakesMediansAndRatios() {
        RunPlan plan = new RunPlan(List.of(new ExternalServer("a", "x {port}"), new ExternalServer("b", "y {port}")),
                List.of(Workload.PRESETS.get("closed64")), List.of(new ExternalLoadClient("c", "lg", 1, 1, List.of())),
                3, 1, 1, 0, 0, List.of("b"), 10, 1, Duration.ZERO, Duration.ofSeconds(1), Path.of("out"));
        List<Measurement> ms = List.of(m(1, "a", 100, 0), m(2, "a", 300, 0), m(3, "a", 200, 50),
                m(1, "b", 100, 0), m(2, "b", 100, 0), m(3, "b", 100, 0));
        List<SummaryRow> rows = SummaryRow.of(ms, plan);
        SummaryRow a = rows.get(0);
        assertEquals(200, a.rps(), "the noisy round is left out, the median of 100 and 300 remains");
        assertEquals(1, a.noisy());
        assertEquals(2, a.used());
        assertEquals(2.0, a.ratios().get("b"));
        assertEquals(100, a.spreadPercent());
        String table = TableFormatter.format(rows, plan);
        assertTrue(table.contains("| closed64 | a      |            200 |   100% | 2.00 |"), table);
    }

    private static Measurement m(int round, String server, double rps, double other) {
        return new Measurement(round, server, "closed64", "c", true, "", rps, 10, 20, 30, 40, 0, 5, 2.5, 50, 30, 1 << 20,
                1, 90, other);
    }
}
