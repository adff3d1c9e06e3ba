package io.jswoole.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.bench.run.Installation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A short comparison on real servers: Netty on NIO and jswoole's base mode, one round, one workload. */
@Timeout(120)
class BenchMainTest {

    @Test
    void aShortRunPrintsTheTableAndWritesCsvAndChart(@TempDir Path out) throws Exception {
        assertTrue(Installation.launcherLib().isPresent(),
                "the launcher must be built first (mvn install from the project directory)");
        List<Long> before = descendants();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int status;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            status = new CommandLine(new BenchMain()).execute("--rounds", "1", "--duration", "1", "--warmup", "0.5",
                    "--server-warmup", "0.5", "--workload", "closed64", "--netty", "transport=nio",
                    "--jswoole", "mode=base,reactor=nio", "--baseline", "netty-nio", "--quiet-wait", "0",
                    "--noisy-retries", "0", "--output", out.toString());
        } finally {
            System.setOut(saved);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, printed);
        assertTrue(printed.contains("| closed64 | netty-nio"), printed);
        assertTrue(printed.contains("| closed64 | jswoole-base-nio"), printed);

        List<String> measurements = Files.readAllLines(out.resolve("measurements.csv"));
        assertEquals(3, measurements.size(), String.join("\n", measurements));
        assertTrue(measurements.get(1).contains(",true,"), measurements.get(1));
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(3, summary.size());
        assertTrue(summary.get(0).contains("ratio_netty-nio"), summary.get(0));
        assertTrue(summary.stream().anyMatch(l -> l.startsWith("java,closed64,netty-nio,") && l.contains(",1.0000,")),
                String.join("\n", summary));
        assertTrue(Files.readString(out.resolve("table.md")).contains("jswoole-base-nio"));

        byte[] png = Files.readAllBytes(out.resolve("chart.png"));
        assertTrue(png.length > 1000);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertTrue(Files.exists(out.resolve("logs/netty-nio-r1.server.log")));

        assertEquals(before, descendants(), "every child process was stopped and reaped");
    }

    private static List<Long> descendants() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).sorted().toList();
    }
}
