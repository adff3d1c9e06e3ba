package io.jswoole.ipc.chronicle;

import io.jswoole.log.Log;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a server's links live. Each server has one private directory (mode 0700),
 * {@code /dev/shm/jswoole-chronicle-<run directory name>} when tmpfs is mounted there, otherwise
 * {@code <run directory>/chronicle}; it holds the listeners' sockets and one directory per link.
 * A run directory is named {@code jswoole-<master pid>[-n]}, so a directory in {@code /dev/shm}
 * names its master and {@link #sweep} can remove those whose master is dead (the run directory
 * itself is swept by the server's own start-up).
 */
final class LinkFiles {
    /** The prefix of a server's directory on tmpfs. */
    static final String PREFIX = "jswoole-chronicle-";
    /** Where tmpfs is mounted on Linux. */
    static final Path SHM = Path.of("/dev/shm");

    private static final Pattern RUN_DIR_NAME = Pattern.compile("jswoole-(\\d+)(?:-\\d+)?");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private LinkFiles() {
    }

    /** The links' directory of the server whose run directory is {@code runDir}, under {@code shm} if it is a writable directory. */
    static Path serverDir(Path shm, Path runDir) {
        Path name = runDir.toAbsolutePath().getFileName();
        if (shm != null && name != null && Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm.resolve(PREFIX + name);
        }
        return runDir.resolve("chronicle");
    }

    /** The name of the listener whose socket file is {@code socket} ({@code <name>.sock}). */
    static String listenerName(Path socket) {
        return socket.getFileName().toString().replaceFirst("\\.sock$", "");
    }

    /** Creates {@code dir} with mode 0700, or checks that an existing one is a directory. */
    static Path createPrivateDir(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, ownerOnly());
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        return dir;
    }

    private static FileAttribute<?>[] ownerOnly() {
        try {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR)};
        } catch (UnsupportedOperationException e) {
            return new FileAttribute<?>[0];
        }
    }

    /** Removes {@code dir} if it is empty; quietly does nothing if it is not, or is gone. */
    static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // links still open
        } catch (IOException e) {
            Log.debug("removing " + dir + ": " + e);
        }
    }

    /** Deletes a directory tree; quietly does nothing if it is gone. */
    static void deleteTree(Path dir) {
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
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            Log.warn("cannot remove " + dir + ": " + e);
        }
    }

    /**
     * Removes the server directories under {@code shm} whose master is no longer alive (and that
     * belong to this user); returns how many.
     */
    static int sweep(Path shm) {
        if (!Files.isDirectory(shm)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(shm, PREFIX + "*")) {
            for (Path p : ds) {
                Matcher m = RUN_DIR_NAME.matcher(p.getFileName().toString().substring(PREFIX.length()));
                if (m.matches() && !alive(Long.parseLong(m.group(1)))
                        && Files.getOwner(p).getName().equals(System.getProperty("user.name"))) {
                    Log.notice("removing " + p + " left by a server that is gone");
                    deleteTree(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            Log.debug("sweeping " + shm + ": " + e);
        }
        return removed;
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
    }

    /**
     * Whether {@code pid} has exited and waits to be reaped: {@link ProcessHandle#isAlive} still
     * says alive then, but the process will never touch its links again.
     */
    private static boolean zombie(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return true; // gone since
        } catch (IOException e) {
            return false; // no /proc to ask
        }
        int end = stat.lastIndexOf(')'); // the command name may hold anything, ')' included
        char state = end > 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
        return state == 'Z' || state == 'X';
    }

    /**
     * Deletes the links of {@code listener} in {@code serverDir} whose connecting process (named in
     * the link's directory, {@code <listener>-<pid>-<n>}) is dead: a process killed at the moment
     * its link was closed may have been taken for alive then. Returns how many were deleted.
     */
    static int deleteDeadLinks(Path serverDir, String listener) {
        Pattern linkName = Pattern.compile(Pattern.quote(listener) + "-(\\d+)-\\d+");
        int deleted = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(serverDir, Files::isDirectory)) {
            for (Path p : ds) {
                Matcher m = linkName.matcher(p.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                    deleteTree(p);
                    deleted++;
                }
            }
        } catch (IOException e) {
            Log.debug("looking for dead links in " + serverDir + ": " + e);
        }
        return deleted;
    }
}
