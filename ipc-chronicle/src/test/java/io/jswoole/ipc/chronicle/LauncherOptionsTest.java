package io.jswoole.ipc.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code bin/jswoole} starts its JVMs with exactly the options {@link ChronicleJvm#options()} names for the class path. */
@Timeout(10)
class LauncherOptionsTest {
    private static final Pattern OPENING = Pattern.compile("--add-(?:opens|exports)=[^\\s)]+");

    @Test
    void theLauncherOpensWhatChronicleNeeds() throws Exception {
        String script = Files.readString(Path.of("..", "bin", "jswoole"));
        Matcher m = OPENING.matcher(script);
        List<String> inScript = m.results().map(r -> r.group()).sorted().collect(Collectors.toList());
        List<String> needed = ChronicleJvm.options("ALL-UNNAMED", 17).stream()
                .filter(o -> o.startsWith("--add-opens") || o.startsWith("--add-exports")).sorted().toList();
        assertEquals(needed, inScript);
    }
}
