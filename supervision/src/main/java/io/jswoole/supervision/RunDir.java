package io.jswoole.supervision;

import io.jswoole.log.Log;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A server's private directory, {@code <tmp>/jswoole-<master pid>}, mode 0700: the worker table
 * and any IPC socket files live here, so only the server's own user can reach them. Created by
 * the master, removed at shutdown; directories left by killed servers are removed at the next
 * start.
 */
public final class RunDir {
    private static final String PREFIX = "jswoole-";

    private RunDir() {
    }

    /** Where run directories live: {@code jswoole.run_base}, else {@code java.io.tmpdir}. */
    public static Path base() {
        return Path.of(System.getProperty("jswoole.run_base", System.getProperty("java.io.tmpdir")));
    }

    /** The run directory of the server whose master has {@code masterPid}. */
    public static Path of(long masterPid) {
        return base().resolve(PREFIX + masterPid);
    }

    /**
     * Creates this master's run directory (0700), first removing those of dead masters. A second
     * server in the same JVM gets {@code jswoole-<pid>-2}, and so on.
     */
    public static Path create() throws IOException {
        sweepStale();
        Files.createDirectories(base());
        long pid = ProcessHandle.current().pid();
        for (int n = 1; ; n++) {
            Path dir = n == 1 ? of(pid) : base().resolve(PREFIX + pid + "-" + n);
            try {
                return Files.createDirectory(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // taken by another server of this JVM
            }
        }
    }

    /** Removes run directories whose master is no longer alive. */
    static void sweepStale() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base(), PREFIX + "*")) {
            for (Path p : ds) {
                String pid = p.getFileName().toString().substring(PREFIX.length()).replaceFirst("-\\d+$", "");
                if (pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).map(h -> !h.isAlive()).orElse(true)
                        && Files.getOwner(p).getName().equals(System.getProperty("user.name"))) {
                    Log.notice("removing " + p + " left by a server that is gone");
                    delete(p);
                }
            }
        } catch (IOException e) {
            Log.debug("sweeping stale run directories: " + e);
        }
    }

    /** Deletes a directory tree; quietly does nothing if it is gone. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            Log.warn("cannot remove " + dir + ": " + e);
        }
    }
}
