package io.jswoole.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class LogTest {
    @TempDir
    Path dir;

    @Test
    void withTheJdksOwnFinderTheLineFormatStaysUnlessAskedFor() {
        assertNull(Log.routed("auto"), "no logging backend installed here: the built-in line format");
        assertNull(Log.routed("builtin"));
        assertEquals(Log.LOGGER_NAME, Log.routed("system").getName());
    }

    @Test
    void aLimiterLogsSoManyASecondAndSaysHowManyItLeftOut() throws IOException {
        Path file = dir.resolve("log");
        Log.configure(Log.Level.INFO, file.toString());
        AtomicLong now = new AtomicLong();
        Log.Limited limited = new Log.Limited(3, now::get);
        for (int i = 0; i < 10; i++) {
            limited.warn("bad client " + i);
        }
        now.addAndGet(1_000_000_000L);
        limited.warn("bad client 10");
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(2).endsWith("WARNING bad client 2"), lines.get(2));
        assertTrue(lines.get(3).endsWith("WARNING bad client 10 (7 like it not logged)"), lines.get(3));
    }
}
