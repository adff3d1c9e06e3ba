package io.jswoole.bench.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ready lines of a growing log, and the command lines of the configurations. */
class ReadyLogTest {

    @Test
    void picksOutCompleteReadyLinesAsTheLogGrows(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, "[2026-11-30 02:18:28.828 manager#0 3832] INFO started worker 0 pid 3848\n"
                + "[2026-11-30 02:18:29.470 worker#0 3848] INFO ready 1230 ms after spawn\n"
                + "[2026-11-30 02:18:29.476 worker#1 3858] INFO ready 11", StandardCharsets.UTF_8);
        ReadyLog readyLog = new ReadyLog(log);
        List<ReadyLog.Ready> seen = readyLog.seen();
        assertEquals(1, seen.size(), seen.toString());
        assertEquals(new ReadyLog.Ready(0, 3848, 1230, LocalDateTime.of(2026, 11, 30, 2, 18, 29, 470_000_000)
                .atZone(ZoneId.systemDefault()).toInstant()), seen.get(0));

        Files.writeString(log, "96 ms after spawn\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        seen = readyLog.seen();
        assertEquals(2, seen.size(), seen.toString());
        assertEquals(1, seen.get(1).workerId());
        assertEquals(3858, seen.get(1).pid());
        assertEquals(1196, seen.get(1).loggedMillis());
    }

    @Test
    void configurationsUnsetTheLaunchersVariablesAndSetTheirOwn() {
        List<String> before = Configuration.BEFORE.command("bin/jswoole", List.of("run"));
        assertEquals(List.of("env", "-u", "JSWOOLE_JAVA_OPTS", "-u", "JSWOOLE_CDS", "-u", "JSWOOLE_CLASSPATH", "-u",
                "JSWOOLE_REBUILD", "JSWOOLE_CDS=0", "JSWOOLE_JAVA_OPTS=", "bin/jswoole", "run"), before);
        List<String> after = Configuration.of("after").command("bin/jswoole", List.of("run"));
        assertTrue(after.stream().noneMatch(a -> a.contains("=")), after.toString());
    }
}
