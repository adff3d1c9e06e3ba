package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.reactor.epoll.Epoll;
import io.jswoole.spi.Providers;
import io.jswoole.spi.reactor.ReactorProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On Linux, epoll must be available, so that no contract test is ever skipped for it without
 * anyone noticing; {@code reactor=auto} picks it, and the switch that turns it off works.
 */
@Timeout(60)
class EpollAvailabilityTest {

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    @Test
    void epollIsAvailableOnLinuxAndAutoChoosesIt() {
        assumeTrue(linux(), "epoll exists only on Linux");
        assertTrue(Epoll.isAvailable(), "epoll is unavailable: " + Epoll.availability());
        Map<String, Providers.Found<ReactorProvider>> found = Reactors.found().stream()
                .collect(Collectors.toMap(Providers.Found::name, f -> f));
        assertTrue(found.containsKey("epoll") && found.containsKey("nio"), "providers found: " + found.keySet());
        assertTrue(found.get("epoll").availability().isAvailable());
        assertTrue(found.get("nio").availability().isAvailable());
        assertEquals("epoll", Reactors.found().get(0).name(), "epoll ranks first");
        assertEquals("epoll", Providers.select(ReactorProvider.class, "reactor", "auto").name());
    }

    @Test
    void theDisableSwitchMakesAutoChooseNioAndSaysWhy() throws Exception {
        assumeTrue(linux(), "epoll exists only on Linux");
        String out = runReport(List.of("-D" + Epoll.DISABLE_PROPERTY + "=true", "-cp",
                System.getProperty("java.class.path")));
        assertTrue(out.contains("auto=nio"), out);
        assertTrue(out.contains("epoll=unavailable: disabled by -D" + Epoll.DISABLE_PROPERTY + "=true"), out);
    }

    /**
     * On the module path the native library is read from module io.jswoole.linux itself (a jar or,
     * here, its classes directory), and jnr-posix's jars must still resolve as automatic modules.
     */
    @Test
    void epollIsAvailableOnTheModulePath() throws Exception {
        assumeTrue(linux(), "epoll exists only on Linux");
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        String modules = Arrays.stream(entries)
                .filter(e -> e.matches(".*(jswoole-api|jswoole-native-linux|jswoole-reactor-epoll|native-linux/target/classes"
                        + "|reactor-epoll/target/classes|api/target/classes"
                        + "|/jnr-|/jffi-|/asm-).*"))
                .collect(Collectors.joining(File.pathSeparator));
        String classes = Arrays.stream(entries).filter(e -> e.endsWith("test-classes")).findFirst().orElseThrow();
        String out = runReport(List.of("--module-path", modules, "--add-modules", "io.jswoole.reactor.epoll",
                "-cp", classes));
        assertTrue(out.contains("auto=epoll"), out);
        assertTrue(out.contains("epoll=available"), out);
    }

    private static String runReport(List<String> options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 23) {
            command.add("--enable-native-access=ALL-UNNAMED,org.jnrproject.jffi");
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(options);
        command.add(ProviderReport.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS), "the child JVM did not finish");
            assertEquals(0, child.exitValue(), out);
            return out;
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
    }
}
