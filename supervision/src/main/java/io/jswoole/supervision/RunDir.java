package io.jswoole.supervision;

import io.jswoole.log.Log;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server's private directory, {@code <tmp>/jswoole-<master pid>}, mode 0700: the worker table
 * and any IPC socket files live here, so only the server's own user can reach them. Created by
 * the master, removed at shutdown; directories left by killed servers are removed at the next
 * start.
 *
 * <p>With {@code chroot}, the directory lives inside the new root at the same path, and a symbolic
 * link takes its place ({@link #moveInto}): one name reaches it from every process.
 */
public final class RunDir {
    private static final String PREFIX = "jswoole-";
    /**
     * The run directories this process moved into a new root: the link → the directories to
     * remove with it (the directory itself, then those made above it, innermost first).
     */
    private static final Map<Path, List<Path>> MOVED = new ConcurrentHashMap<>();

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

    /**
     * Moves a run directory just made (and still empty) to the same path under {@code root}, the
     * {@code chroot} directory, making the directories above it there that are missing (mode 0755),
     * and leaves a symbolic link to it in its place. The master and the manager, which keep the
     * old root, reach it through the link; a chrooted worker finds it at its own path. {@link
     * #delete} removes it, the link, and the directories made for it. Run directories left inside
     * {@code root} by dead masters are removed first.
     */
    public static void moveInto(Path runDir, Path root) throws IOException {
        Path link = runDir.toAbsolutePath().normalize();
        Path inside = root.resolve(link.getRoot().relativize(link));
        List<Path> made = new ArrayList<>();
        for (Path p = inside.getParent(); p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            made.add(0, p);
        }
        for (Path p : made) {
            Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        if (!Files.isDirectory(inside.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot move the run directory into " + root + ": " + inside.getParent()
                    + " is not a directory");
        }
        sweepStale(inside.getParent());
        Files.createDirectory(inside, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.delete(link);
        Files.createSymbolicLink(link, inside);
        List<Path> remove = new ArrayList<>();
        remove.add(inside);
        for (int i = made.size() - 1; i >= 0; i--) {
            remove.add(made.get(i));
        }
        MOVED.put(link, remove);
    }

    /** Removes run directories whose master is no longer alive. */
    static void sweepStale() {
        sweepStale(base());
    }

    private static void sweepStale(Path base) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path p : ds) {
                String pid = p.getFileName().toString().substring(PREFIX.length()).replaceFirst("-\\d+$", "");
                if (pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).map(h -> !h.isAlive()).orElse(true)
                        && Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) {
                    Log.notice("removing " + p + " left by a server that is gone");
                    delete(p);
                }
            }
        } catch (IOException e) {
            Log.debug("sweeping stale run directories: " + e);
        }
    }

    /**
     * Deletes a directory tree; quietly does nothing if it is gone. A run directory this process
     * moved into a new root goes with its link and the directories made above it (when empty);
     * another symbolic link is removed, not followed.
     */
    public static void delete(Path dir) {
        List<Path> moved = MOVED.remove(dir.toAbsolutePath().normalize());
        if (moved != null) {
            deleteTree(moved.get(0));
            try {
                Files.deleteIfExists(dir);
                for (Path made : moved.subList(1, moved.size())) {
                    Files.deleteIfExists(made);
                }
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // something else lives there now: left in place
            } catch (IOException e) {
                Log.warn("cannot remove " + dir + ": " + e);
            }
            return;
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
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
