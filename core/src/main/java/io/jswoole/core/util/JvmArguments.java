package io.jswoole.core.util;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This JVM's arguments (everything after the java executable), as a child or a detached copy
 * re-runs them. On Linux they come from {@code /proc/self/cmdline}, which has them whole: the JDK
 * reads only its first 4 KiB, and of a command line a few bytes longer (a class path of many
 * jars in a deep directory) it reports the arguments that fit, without the program's last ones,
 * so it is asked only where there is no {@code /proc}.
 */
public final class JvmArguments {
    private JvmArguments() {
    }

    /** This JVM's arguments, or empty if the platform does not report them. */
    public static Optional<List<String>> current() {
        Optional<List<String>> proc = fromCmdline(Path.of("/proc/self/cmdline"));
        return proc.isPresent() ? proc : ProcessHandle.current().info().arguments().map(List::of);
    }

    /** The arguments after the executable in a NUL-separated command line file, or empty if it is unreadable. */
    public static Optional<List<String>> fromCmdline(Path file) {
        try {
            String all = new String(Files.readAllBytes(file), Charset.defaultCharset());
            List<String> words = new ArrayList<>(List.of(all.split("\0", -1)));
            if (!words.isEmpty() && words.get(words.size() - 1).isEmpty()) {
                words.remove(words.size() - 1); // the terminating NUL
            }
            return words.size() < 2 ? Optional.empty() : Optional.of(List.copyOf(words.subList(1, words.size())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
