package io.jswoole.testsuite.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code @SettingEffect} marks of every test in the source tree, read from the sources (the
 * tests of other modules are not on this module's class path).
 */
final class SettingMarks {
    private static final Pattern ATTRIBUTE = Pattern.compile("(keys|modes|reactors|refused)\\s*=\\s*(\\{[^}]*}|\"[^\"]*\"|true|false)");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern IMPORTS_MARK = Pattern.compile("(?m)^import io\\.jswoole\\.testing\\.SettingEffect;");
    private static final Pattern METHOD = Pattern.compile("(?:void|[\\w<>\\[\\]]+)\\s+(\\w+)\\s*\\(");

    /** One mark: where it is and what it claims. */
    record Mark(String where, List<String> keys, List<String> modes, List<String> reactors, boolean refused) {
    }

    private final List<Mark> marks;

    private SettingMarks(List<Mark> marks) {
        this.marks = marks;
    }

    /** Reads every {@code src/test/java} tree one level below {@code root}. */
    static SettingMarks scan(Path root) throws IOException {
        List<Mark> marks = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                Path tests = module.resolve("src/test/java");
                if (!Files.isDirectory(tests)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(tests)) {
                    files.filter(f -> f.toString().endsWith(".java")).sorted()
                            .forEach(f -> {
                                String source = read(f);
                                if (IMPORTS_MARK.matcher(source).find()) {
                                    read(root.relativize(f), source, marks);
                                }
                            });
                }
            }
        }
        return new SettingMarks(marks);
    }

    List<Mark> all() {
        return marks;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void read(Path file, String source, List<Mark> into) {
        int at = source.indexOf("@SettingEffect(");
        while (at >= 0) {
            int end = source.indexOf(')', at);
            String body = source.substring(at + "@SettingEffect(".length(), end);
            List<String> keys = List.of();
            List<String> modes = List.of();
            List<String> reactors = List.of();
            boolean refused = false;
            Matcher m = ATTRIBUTE.matcher(body);
            while (m.find()) {
                switch (m.group(1)) {
                    case "keys" -> keys = strings(m.group(2));
                    case "modes" -> modes = strings(m.group(2));
                    case "reactors" -> reactors = strings(m.group(2));
                    default -> refused = Boolean.parseBoolean(m.group(2));
                }
            }
            Matcher method = METHOD.matcher(source.substring(end));
            String name = method.find() ? method.group(1) : "?";
            String className = file.getFileName().toString().replace(".java", "");
            into.add(new Mark(file.getName(0) + ": " + className + "#" + name, keys, modes, reactors, refused));
            at = source.indexOf("@SettingEffect(", end);
        }
    }

    private static List<String> strings(String value) {
        List<String> out = new ArrayList<>();
        Matcher m = STRING.matcher(value);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
