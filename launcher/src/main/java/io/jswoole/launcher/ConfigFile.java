package io.jswoole.launcher;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A settings file with Swoole's keys, UTF-8, one {@code key = value} per line:
 *
 * <pre>
 * # process model
 * worker_num = 4
 * ; framing
 * open_eof_split = true
 * package_eof = \r\n
 * </pre>
 *
 * Blank lines and lines starting with {@code #} or {@code ;} are ignored; a comment must be on a
 * line of its own, since a value may contain those characters. Values are parsed by the settings
 * ({@link Assignment} describes quoting); a key given twice keeps the later value.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    /**
     * Reads and parses {@code file}.
     *
     * @throws UsageException if it cannot be read or a line is not a {@code key = value} pair
     */
    static List<Assignment> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("config file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new UsageException("config file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UsageException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    /** Parses lines of a file named {@code name} (used in messages as {@code name:line}). */
    static List<Assignment> parse(List<String> lines, String name) {
        List<Assignment> result = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            result.add(Assignment.parse(t, name + ":" + (i + 1)));
        }
        return result;
    }
}
