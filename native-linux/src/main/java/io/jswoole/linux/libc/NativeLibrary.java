package io.jswoole.linux.libc;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * jswoole's native library: every C library call of the native layer as a JNI function, built
 * with the module for the machine that builds it and carried in its jar. Loaded once, when first
 * used, from a copy in the temporary directory that is removed as soon as it is loaded (and the
 * copies of processes killed before they could remove theirs are removed then too). A JNI
 * library, rather than bindings generated at run time, because a starting worker loads it in a
 * millisecond where generating its bindings took a third of a second.
 *
 * <p>A call that fails leaves its errno in a per-thread variable of the library, which
 * {@link #errno()} reads: nothing else runs between a call and that read on the same thread.
 */
public final class NativeLibrary {
    private static final String COPY_PREFIX = "jswoole-";
    private static final String COPY_SUFFIX = ".so";
    private static final SocketCalls SOCKETS;
    private static final ArrayCalls ARRAYS;
    private static final MessageQueueCalls MESSAGE_QUEUES;
    private static final PosixCalls POSIX;
    private static final AffinityCalls AFFINITY;

    static {
        load();
        SOCKETS = new SocketCalls();
        ARRAYS = new ArrayCalls();
        MESSAGE_QUEUES = new MessageQueueCalls();
        POSIX = new PosixCalls();
        AFFINITY = new AffinityCalls();
    }

    private NativeLibrary() {
    }

    /** The epoll, eventfd and socket calls. */
    public static SocketCalls sockets() {
        return SOCKETS;
    }

    /** The socket calls that take Java arrays. */
    public static ArrayCalls arrays() {
        return ARRAYS;
    }

    /** The System V message queue calls. */
    public static MessageQueueCalls messageQueues() {
        return MESSAGE_QUEUES;
    }

    /** The POSIX process, identity and file calls. */
    public static PosixCalls posix() {
        return POSIX;
    }

    /** The CPU affinity call. */
    public static AffinityCalls affinity() {
        return AFFINITY;
    }

    /** The errno the last failed call of this library on this thread left. */
    public static native int errno();

    /** The address of a direct buffer's first byte (index 0, whatever its position). */
    public static native long address(ByteBuffer direct);

    /** The library's resource in this module: one per operating system and architecture. */
    static String resource() {
        return "linux-" + System.getProperty("os.arch") + "/libjswoole.so";
    }

    /**
     * The library in this module's jar, read from that jar directly: a class-path lookup would
     * open every jar before it in turn (some 30 ms of a worker's start).
     */
    private static InputStream open(String resource) throws IOException {
        Module module = NativeLibrary.class.getModule();
        if (module.isNamed()) {
            return module.getResourceAsStream(NativeLibrary.class.getPackageName().replace('.', '/') + "/" + resource);
        }
        CodeSource source = NativeLibrary.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation().getPath().endsWith(".jar")) {
            try {
                JarFile jar = new JarFile(new File(source.getLocation().toURI()), false);
                JarEntry entry = jar.getJarEntry(NativeLibrary.class.getPackageName().replace('.', '/') + "/" + resource);
                if (entry == null) {
                    jar.close();
                    return null;
                }
                return new FilterInputStream(jar.getInputStream(entry)) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            jar.close();
                        }
                    }
                };
            } catch (URISyntaxException e) {
                // not a file: the class loader finds it
            }
        }
        return NativeLibrary.class.getResourceAsStream(resource);
    }

    /**
     * Removes the copies in {@code dir} left by processes that are gone (a process killed with
     * SIGKILL between making its copy and removing it); returns how many. A copy whose name does
     * not say a pid, or whose process lives, stays.
     */
    static int removeStaleCopies(Path dir) {
        int removed = 0;
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(dir, COPY_PREFIX + "*" + COPY_SUFFIX)) {
            for (Path p : copies) {
                String name = p.getFileName().toString();
                int dash = name.indexOf('-', COPY_PREFIX.length());
                try {
                    long pid = Long.parseLong(name.substring(COPY_PREFIX.length(), dash));
                    if (ProcessHandle.of(pid).isEmpty() && Files.deleteIfExists(p)) {
                        removed++;
                    }
                } catch (NumberFormatException | IndexOutOfBoundsException | IOException e) {
                    // not one of ours, or not ours to remove
                }
            }
        } catch (IOException | RuntimeException e) {
            // the directory cannot be listed: nothing to tidy
        }
        return removed;
    }

    private static void load() {
        String resource = resource();
        try (InputStream in = open(resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("jswoole's native library has no build for " + System.getProperty("os.name")
                        + " on " + System.getProperty("os.arch") + " (" + resource + " is not in the jar)");
            }
            // Named without Files.createTempFile, whose SecureRandom took a starting worker 20 ms.
            Path dir = Path.of(System.getProperty("java.io.tmpdir"));
            Path copy = dir.resolve(COPY_PREFIX + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime())
                    + COPY_SUFFIX);
            try {
                Files.copy(in, copy);
                System.load(copy.toString());
            } finally {
                Files.deleteIfExists(copy);
            }
            removeStaleCopies(dir);
        } catch (IOException e) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError("cannot copy jswoole's native library to "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage());
            error.initCause(e);
            throw error;
        }
    }
}
