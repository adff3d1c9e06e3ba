package io.jswoole.reactor.nio;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * The file a Unix listening socket is bound to. A stale one (a socket file nobody listens on, left
 * by a process that died) is removed before binding; the listener removes its own file on close,
 * unless the path has been replaced meanwhile.
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
     * Removes the file at {@code address} if it is a socket and nothing accepts connections on it.
     * Anything else (a regular file, a directory, a live socket) is left for bind to report.
     */
    static void deleteIfStale(UnixDomainSocketAddress address) throws IOException {
        Path path = address.getPath();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (attributes.isOther() && isSocket(path) && !isListenedOn(address)) {
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
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return true; // no "unix" view: "other" (not a file, directory or link) has to do
        }
    }

    private static boolean isListenedOn(UnixDomainSocketAddress address) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.configureBlocking(false);
            probe.connect(address); // connected, or pending on a full backlog: both mean a listener
            return true;
        } catch (ConnectException e) {
            return false; // refused: nobody listens
        } catch (IOException e) {
            return true; // cannot tell (no permission, say): leave it alone
        }
    }
}
