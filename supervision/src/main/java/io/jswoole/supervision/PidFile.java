package io.jswoole.supervision;

import io.jswoole.JswooleException;
import io.jswoole.log.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The master's {@code pid_file}: written at start, removed at exit (only if it still names us);
 * handed over to the next master at an {@link Upgrade}.
 */
public final class PidFile implements AutoCloseable {
    private final Path path;
    private final String pid = Long.toString(ProcessHandle.current().pid());

    private PidFile(Path path) {
        this.path = path;
    }

    /** Writes the pid file, or does nothing when {@code file} is empty. */
    public static PidFile write(String file) {
        if (file == null || file.isEmpty()) {
            return new PidFile(null);
        }
        Path p = Path.of(file);
        try {
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            Files.writeString(p, pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new JswooleException("pid_file: cannot write " + file + ": " + e.getMessage(), e);
        }
        return new PidFile(p);
    }

    /**
     * The pid file of a master that takes over from another ({@link Upgrade}): written by its
     * predecessor once it is ready, so not now; removed at exit like any other, if it names this
     * process.
     */
    public static PidFile handedOver(String file) {
        return new PidFile(file == null || file.isEmpty() ? null : Path.of(file));
    }

    /** Names {@code successor} instead of this process, which then leaves the file alone at exit. */
    public void handOver(long successor) {
        if (path == null) {
            return;
        }
        try {
            Path tmp = path.resolveSibling(path.getFileName() + ".new");
            Files.writeString(tmp, successor + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Log.warn("pid_file: cannot write " + path + " for pid " + successor + ": " + e.getMessage());
        }
    }

    private static String pid() {
        return Long.toString(ProcessHandle.current().pid());
    }

    /** The pid in {@code file}, or -1 if it is missing or unreadable. */
    public static long read(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (path == null) {
            return;
        }
        try {
            if (Files.exists(path) && Files.readString(path, StandardCharsets.US_ASCII).trim().equals(pid)) {
                Files.delete(path);
            }
        } catch (IOException e) {
            Log.warn("cannot remove pid_file " + path + ": " + e.getMessage());
        }
    }
}
