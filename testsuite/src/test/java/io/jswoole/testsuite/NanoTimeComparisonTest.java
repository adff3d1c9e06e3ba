package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code System.nanoTime()} values are compared by their difference ({@code now - deadline < 0}),
 * never directly: the clock's origin is arbitrary and may be near {@code Long.MAX_VALUE}, where a
 * deadline computed by adding overflows and a direct comparison gives the wrong answer. Reads
 * the main and test sources of every module (the other modules' classes are not on this one's
 * class path) and fails on a direct comparison with the clock.
 */
@Timeout(60)
class NanoTimeComparisonTest {
    /** {@code System.nanoTime() < x}, {@code x >= System.nanoTime()} and the like; not {@code a - System.nanoTime() > 0}. */
    private static final Pattern DIRECT = Pattern.compile(
            "(?<!-\\s{0,4})System\\.nanoTime\\(\\)\\s*[<>]=?\\s*[\\w(]|[\\w)]\\s*[<>]=?\\s*System\\.nanoTime\\(\\)");

    /** This file, whose examples are direct comparisons. */
    private static final String SELF = NanoTimeComparisonTest.class.getSimpleName() + ".java";

    @Test
    void theClockIsComparedByDifferenceEverywhere() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> direct = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                for (String tree : List.of("src/main/java", "src/test/java")) {
                    Path sources = module.resolve(tree);
                    if (!Files.isDirectory(sources)) {
                        continue;
                    }
                    try (Stream<Path> files = Files.walk(sources)) {
                        files.filter(f -> f.toString().endsWith(".java") && !f.endsWith(SELF)).sorted()
                                .forEach(f -> find(root.relativize(f), read(f), direct));
                    }
                }
            }
        }
        assertTrue(direct.isEmpty(), "System.nanoTime() compared directly (compare the difference with 0): " + direct);
    }

    @Test
    void thePatternTellsADirectComparisonFromADifference() {
        List<String> found = new ArrayList<>();
        find(Path.of("A.java"), """
                while (System.nanoTime() < deadline) {
                if (deadline <= System.nanoTime()) {
                while (System.nanoTime() - deadline < 0) {
                while (deadline - System.nanoTime() > 0) {
                List<Long> times = List.of(System.nanoTime());
                """, found);
        assertTrue(found.equals(List.of("A.java:1", "A.java:2")), "found " + found);
    }

    private static void find(Path file, String source, List<String> into) {
        Matcher m = DIRECT.matcher(source);
        while (m.find()) {
            int line = 1;
            for (int i = 0; i < m.start(); i++) {
                if (source.charAt(i) == '\n') {
                    line++;
                }
            }
            into.add(file + ":" + line);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
