package io.jswoole.testsuite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The descriptors this process has open, from /proc/self/fd. */
final class Descriptors {
    private Descriptors() {
    }

    static boolean supported() {
        return Files.isDirectory(Path.of("/proc/self/fd"));
    }

    static long count() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count() - 1; // the listing's own descriptor
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
