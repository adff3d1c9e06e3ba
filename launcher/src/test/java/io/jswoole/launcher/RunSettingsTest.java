package io.jswoole.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RunSettingsTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(5)
    void setOptionsOverrideTheFile() throws IOException {
        Path file = dir.resolve("server.conf");
        Files.writeString(file, "worker_num = 2\nopen_eof_split = on\npackage_eof = \\r\\n\n");
        Map<String, String> values = RunSettings.collect(file, List.of("worker_num=3", "socket_buffer_size = 4M"));
        assertEquals(Map.of("worker_num", "3", "open_eof_split", "on", "package_eof", "\\r\\n",
                "socket_buffer_size", "4M"), values);
        Settings parsed = Settings.of(values);
        assertEquals(3, parsed.get(Keys.WORKER_NUM));
        assertEquals("\r\n", parsed.get(Keys.PACKAGE_EOF));
        assertEquals(4L << 20, parsed.get(Keys.SOCKET_BUFFER_SIZE));
    }

    @Test
    @Timeout(5)
    void noSourcesGiveNoValues() {
        assertEquals(Map.of(), RunSettings.collect(null, List.of()));
    }

    @Test
    @Timeout(5)
    void anUnknownKeyInTheFileNamesTheLineAndTheNearestKey() throws IOException {
        Path file = dir.resolve("server.conf");
        Files.writeString(file, "# comment\nworker_nmu = 2\n");
        UsageException e = assertThrows(UsageException.class, () -> RunSettings.collect(file, List.of()));
        assertTrue(e.getMessage().startsWith(file + ":2: unknown setting 'worker_nmu'"), e.getMessage());
        assertTrue(e.getMessage().contains("'worker_num'"), e.getMessage());
    }

    @Test
    @Timeout(5)
    void aBadValueNamesTheOptionAndTheAllowedValues() {
        UsageException e = assertThrows(UsageException.class,
                () -> RunSettings.collect(null, List.of("dispatch_mode=9")));
        assertTrue(e.getMessage().startsWith("--set dispatch_mode=9: dispatch_mode: bad value '9'"), e.getMessage());
        assertTrue(e.getMessage().contains("an integer from 1 to 5"), e.getMessage());
    }
}
