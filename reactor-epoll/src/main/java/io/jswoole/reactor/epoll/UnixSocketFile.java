package io.jswoole.reactor.epoll;

import io.jswoole.linux.Errno;
import io.jswoole.linux.Errors;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The file a Unix socket is bound to. A stale one (a socket file nobody receives on, left by a
 * process that died) is removed before binding; a live one is left for bind to report as in use.
 * The socket removes its own file on close, unless the path has been replaced meanwhile.
 */
final class UnixSocketFile {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final Object fileKey;

    private UnixSocketFile(Path path, Object fileKey) {
        this.path = path;
        this.fileKey = fileKey;
    }

    /**
     * Removes the file at {@code address} if it is a socket and connecting to it with a socket of
     * {@code type} ({@link Linux#SOCK_STREAM} or {@link Linux#SOCK_DGRAM}) is refused.
     */
    static void deleteIfStale(UnixDomainSocketAddress address, int type) throws IOException {
        Path path = address.getPath();
        try {
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (isSocket(path) && isRefused(address, type)) {
            Files.deleteIfExists(path);
        }
    }

    /** The socket file just created by binding to {@code path}. */
    static UnixSocketFile boundAt(Path path) throws IOException {
        return new UnixSocketFile(path, fileKey(path));
    }

    /** Removes the file if it is still the one this socket was bound to. */
    void deleteIfUnchanged() throws IOException {
        Object current;
        try {
            current = fileKey(path);
        } catch (NoSuchFileException e) {
            return;
        }
        if (fileKey != null && Objects.equals(fileKey, current)) {
            Files.deleteIfExists(path);
        }
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static boolean isSocket(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & S_IFMT) == S_IFSOCK;
    }

    /** Whether a non-blocking connect is refused: nobody is bound there any more. */
    private static boolean isRefused(UnixDomainSocketAddress address, int type) throws IOException {
        int fd = Native.C.socket(Linux.AF_UNIX, type | Linux.SOCK_NONBLOCK | Linux.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Errors.lastError("socket(AF_UNIX)");
        }
        try {
            IoScratch scratch = IoScratch.current();
            int length = scratch.encodeTarget(address, Linux.AF_UNIX);
            return Native.C.connect(fd, scratch.targetAddress, length) != 0 && Errors.lastErrno() == Errno.ECONNREFUSED;
        } finally {
            Native.C.close(fd);
        }
    }
}
