package io.jswoole.bench.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ExternalTaskReferenceTest {
    private static final String JSWOOLE = "RESULT ipc=2 size=64 window=1 tasks=100 rate=15568 p50=60 p99=120 p999=300 max=900";

    @TempDir
    Path dir;

    @Test
    void aCommandThatPrintsTheTwoFiguresIsTheReferenceForWindowsOneAndSixteen() throws Exception {
        Path script = dir.resolve("tasks.sh");
        Files.writeString(script, "echo \"task_ipc_mode=$1 size=$2 taskwait: 3$2 round trips/s\"\n"
                + "echo \"task_ipc_mode=$1 size=$2 16-in-flight: 17$1 tasks/s\"\n");
        ExternalTaskReference ref = ExternalTaskReference.parse("swoole=sh " + script + " {ipc} {size}");
        assertEquals("swoole", ref.name());
        assertEquals(List.of("sh", script.toString(), "2", "64"), ref.commandLine("2", 64));
        ExternalTaskReference.Figures f = ref.run("2", 64);
        assertEquals(OptionalLong.of(364), f.forWindow(1), f.output());
        assertEquals(OptionalLong.of(172), f.forWindow(16), f.output());
        assertEquals(OptionalLong.empty(), f.forWindow(4), "no figure for other windows");
    }

    @Test
    void aRowHasTheReferenceAndTheRatio() {
        ExternalTaskReference.Figures f = ExternalTaskReference.Figures.of(
                "x taskwait: 31798 round trips/s\nx 16-in-flight: 178021 tasks/s\n");
        assertEquals(OptionalLong.of(31798), f.forWindow(1));
        assertEquals(OptionalLong.of(178021), f.forWindow(16));
        assertEquals("| 2 (msgqueue) | 64 B | taskwait | 15,568 | 60 | 120 | 300 | 31,798 | 0.49 |",
                TasksCommand.row("2", 64, 1, JSWOOLE, f));
        assertEquals("| 2 (msgqueue) | 64 B | taskwait | 15,568 | 60 | 120 | 300 |", TasksCommand.row("2", 64, 1, JSWOOLE, null));
    }

    @Test
    void aSpecWithoutANameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ExternalTaskReference.parse("php tasks.php"));
    }
}
