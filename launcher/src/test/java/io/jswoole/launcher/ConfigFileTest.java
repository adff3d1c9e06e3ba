package io.jswoole.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(5)
    void skipsCommentsAndBlankLines() {
        List<Assignment> entries = ConfigFile.parse(List.of(
                "# process model",
                "worker_num = 4",
                "",
                "   ; framing",
                "\t",
                "open_eof_split=true",
                "  package_eof = \\r\\n  "), "server.conf");
        assertEquals(3, entries.size());
        assertEquals(new Assignment("worker_num", "4", "server.conf:2"), entries.get(0));
        assertEquals(new Assignment("open_eof_split", "true", "server.conf:6"), entries.get(1));
        assertEquals(new Assignment("package_eof", "\\r\\n", "server.conf:7"), entries.get(2));
    }

    @Test
    @Timeout(5)
    void keepsCommentCharactersInsideValues() {
        List<Assignment> entries = ConfigFile.parse(List.of("package_eof = ;#"), "f");
        assertEquals(";#", entries.get(0).value());
    }

    @Test
    @Timeout(5)
    void namesTheFileAndLineOfABadLine() {
        UsageException e = assertThrows(UsageException.class,
                () -> ConfigFile.parse(List.of("# ok", "[server]"), "server.conf"));
        assertEquals("server.conf:2: expected key = value, got '[server]'", e.getMessage());
    }

    @Test
    @Timeout(5)
    void readsAUtf8FileWithAByteOrderMark() throws IOException {
        Path file = dir.resolve("server.conf");
        Files.writeString(file, "\uFEFFworker_num = 2\n; end\n", StandardCharsets.UTF_8);
        assertEquals(List.of(new Assignment("worker_num", "2", file + ":1")), ConfigFile.read(file));
    }

    @Test
    @Timeout(5)
    void reportsAMissingFile() {
        Path missing = dir.resolve("missing.conf");
        UsageException e = assertThrows(UsageException.class, () -> ConfigFile.read(missing));
        assertEquals("config file " + missing + " does not exist", e.getMessage());
    }

    @Test
    @Timeout(5)
    void reportsAFileThatIsNotText() throws IOException {
        Path file = dir.resolve("binary.conf");
        Files.write(file, new byte[] {'a', '=', (byte) 0xff, (byte) 0xfe});
        UsageException e = assertThrows(UsageException.class, () -> ConfigFile.read(file));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }
}
