package io.jswoole.bench.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds programs on the {@code PATH}, as a shell would. */
public final class Programs {
    private Programs() {
    }

    /** {@code name} itself if it contains a slash and is executable, else the first executable on the PATH. */
    public static Optional<Path> find(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        // nginx and redis-server often live in sbin directories that a user's PATH leaves out.
        for (String dir : new String[] {"/usr/sbin", "/usr/local/sbin", "/sbin"}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
