package io.jswoole.process.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ChildCommandTest {
    @TempDir
    Path dir;

    @Test
    void theArgumentsOfACommandLineFileAreTheWordsAfterTheExecutable() throws Exception {
        Path f = Files.write(dir.resolve("cmdline"), "/usr/bin/java\0-cp\0a.jar:b.jar\0-Dx=a b\0Main\0".getBytes());
        assertEquals(Optional.of(List.of("-cp", "a.jar:b.jar", "-Dx=a b", "Main")), ChildCommand.procCmdline(f));
    }

    @Test
    void aMissingOrEmptyFileGivesNothing() throws Exception {
        assertEquals(Optional.empty(), ChildCommand.procCmdline(dir.resolve("absent")));
        assertEquals(Optional.empty(), ChildCommand.procCmdline(Files.write(dir.resolve("empty"), new byte[0])));
    }

    @Test
    void thisJvmsArgumentsAreKnown() {
        assertTrue(ChildCommand.currentArguments().isPresent());
    }
}
