package io.jswoole.ipc.chronicle;

import io.jswoole.settings.Settings;
import io.jswoole.spi.Availability;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code chronicle} Pipe provider: each link is a ring and a Chronicle Queue (net.openhft
 * chronicle-queue) per direction, memory-mapped by both processes, plus a Unix stream socket
 * from the event loop's own {@link Transport} that serves as doorbell and death notice. A message
 * is copied once into the mapped file by the sender and read from it by the receiver; a reader
 * that is busy costs its writer no system call (see {@link ChronicleChannel}).
 *
 * <p><b>Files.</b> A server's links live in one private directory (mode 0700):
 * {@code /dev/shm/jswoole-chronicle-<run directory name>} where tmpfs is mounted at
 * {@code /dev/shm}, otherwise {@code <run directory>/chronicle}. It holds each listener's socket,
 * {@code <name>.sock} (mode 0600; the address children connect to), and one directory per link,
 * created by the connecting side: {@code up.ring} and {@code down.ring} (the
 * {@linkplain PayloadRing rings}, sparse), {@code up/} and {@code down/} (the queues, for what the
 * rings cannot hold) and {@code control} (one page of shared flags and counters). Queues roll every second and the reader
 * deletes each cycle file it has passed; closing both ends deletes the link, closing the listener
 * removes its socket and the server's directory once no link is left. {@link #sweep()} removes the
 * directories of servers whose master is dead (the first {@link #listen} of a JVM runs it). The
 * first {@link #listen} of a JVM also opens and deletes a scratch queue, so that Chronicle's
 * start-up cost (about a second) is paid there rather than when the first link is accepted.
 *
 * <p><b>Limits.</b> Up to 4 MiB may be unread per direction before {@link PipeChannel#offer}
 * pushes back; a payload may be up to 8 MiB.
 *
 * <p><b>JVM.</b> Chronicle needs JVM options that cannot be set at run time:
 * {@link ChronicleJvm#options()} lists them for whoever starts a JVM that uses this provider, and
 * {@link #availability()} reports a JVM without them as unavailable, naming what is missing.
 * Chronicle's analytics are turned off before any of its classes load, and nothing is written to
 * the user's home.
 */
public final class ChroniclePipeProvider implements PipeProvider {
    /** The name this provider is selected by. */
    public static final String NAME = "chronicle";
    /** The control file in each link directory. */
    static final String CONTROL_FILE = "control";

    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    private static final AtomicBoolean WARM = new AtomicBoolean();
    private static final AtomicInteger LINKS = new AtomicInteger();
    private static final long HELLO_WRITE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Path shm;
    private final int queueLimit;
    private final int ringSize;

    /** Does no work; availability is probed on first demand. */
    public ChroniclePipeProvider() {
        this(LinkFiles.SHM, ChronicleChannel.DEFAULT_QUEUE_LIMIT);
    }

    /**
     * @param shm        where tmpfs is mounted, or null to keep the links in the run directory
     * @param queueLimit unread bytes per direction above which offers are refused
     */
    ChroniclePipeProvider(Path shm, int queueLimit) {
        this(shm, queueLimit, PayloadRing.DEFAULT_SIZE);
    }

    /** The same, the links this side connects having rings of {@code ringSize} bytes per direction. */
    ChroniclePipeProvider(Path shm, int queueLimit, int ringSize) {
        this.shm = shm;
        this.queueLimit = queueLimit;
        this.ringSize = ringSize;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Below {@code unixsock}: chosen only by name. */
    @Override
    public int priority() {
        return 5;
    }

    /** {@value ChronicleChannel#MAX_MESSAGE_SIZE} bytes: a queue document may fill a quarter of a block. */
    @Override
    public long maxMessageSize() {
        return ChronicleChannel.MAX_MESSAGE_SIZE;
    }

    /** Unavailable when Chronicle is not on the path or this JVM lacks the options it needs (named in the reason). */
    @Override
    public Availability availability() {
        return ChronicleJvm.availability();
    }

    /**
     * {@inheritDoc}
     *
     * @param name a plain file name; the socket is {@code <server directory>/<name>.sock}
     * @throws IOException if this provider is not available here (the reason says why)
     */
    @Override
    public PipeListener listen(Path runDir, String name, Transport transport) throws IOException {
        return listen(runDir, name, transport, (long) queueLimit);
    }

    /**
     * {@inheritDoc}
     *
     * @param queueLimit unread bytes per direction of each accepted link above which offers are
     *                   refused, 0 to {@link Integer#MAX_VALUE}
     */
    @Override
    public PipeListener listen(Path runDir, String name, Transport transport, long queueLimit) throws IOException {
        if (queueLimit < 0 || queueLimit > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("queue limit must be 0 to " + Integer.MAX_VALUE + " bytes, not " + queueLimit);
        }
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(transport, "transport");
        PipeProvider.requirePlainName(name);
        requireAvailable();
        if (shm != null && SWEPT.compareAndSet(false, true)) {
            LinkFiles.sweep(shm);
        }
        Path serverDir = LinkFiles.createPrivateDir(LinkFiles.serverDir(shm, runDir));
        if (WARM.compareAndSet(false, true)) {
            ChronicleChannel.Queues.warmUp(serverDir.resolve(".warm-up-" + ProcessHandle.current().pid()));
        }
        Path path = serverDir.resolve(name + ".sock");
        ListenSocket socket = transport.listen(UnixDomainSocketAddress.of(path), SocketOptions.of(Settings.empty()));
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the private directory is the guard
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new ChronicleListener(socket, path, serverDir, (int) queueLimit);
    }

    /**
     * {@inheritDoc} Creates the link (its directory, control file and both queues) next to the
     * listener's socket, then connects and names it.
     *
     * @throws IOException if this provider is not available here, or the listener is not there
     */
    @Override
    public PipeChannel connect(String address, Transport transport) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(transport, "transport");
        requireAvailable();
        Path socketPath = Path.of(address);
        Path serverDir = socketPath.getParent();
        String listenerName = LinkFiles.listenerName(socketPath);
        if (serverDir == null || !Files.exists(socketPath)) {
            throw new IOException("no chronicle pipe listener at " + address);
        }
        long pid = ProcessHandle.current().pid();
        String linkName = listenerName + "-" + pid + "-" + LINKS.incrementAndGet();
        Path linkDir = LinkFiles.createPrivateDir(serverDir.resolve(linkName));
        ChronicleChannel.Queues queues = null;
        StreamSocket socket = null;
        try {
            ControlBlock control = ControlBlock.create(linkDir.resolve(CONTROL_FILE), pid);
            queues = ChronicleChannel.Queues.create(linkDir, ringSize); // before connecting: the listener opens them on the hello
            socket = transport.connect(UnixDomainSocketAddress.of(socketPath));
            writeFully(socket, Hello.encode(linkName));
            return new ChronicleChannel(socket, control, queues, linkDir, 0, null, queueLimit);
        } catch (IOException | RuntimeException | Error e) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (queues != null) {
                queues.close();
            }
            LinkFiles.deleteTree(linkDir);
            throw e;
        }
    }

    /**
     * Removes the link directories, in {@code /dev/shm}, of servers whose master process is dead
     * (a server killed with SIGKILL leaves them); returns how many were removed. Safe to call
     * at any time: directories of live masters are left alone.
     */
    public static int sweep() {
        return LinkFiles.sweep(LinkFiles.SHM);
    }

    private void requireAvailable() throws IOException {
        Availability a = availability();
        if (!a.isAvailable()) {
            throw new IOException("the chronicle pipe is not available: " + a.reason(), a.cause());
        }
        ChronicleJvm.prepare();
    }

    /** Writes all of {@code data} to a fresh non-blocking socket, which takes a few bytes at once. */
    static void writeFully(StreamSocket socket, ByteBuffer data) throws IOException {
        long deadline = System.nanoTime() + HELLO_WRITE_TIMEOUT_NANOS;
        while (data.hasRemaining()) {
            if (socket.write(data) == 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("could not write a hello of " + Hello.SIZE + " bytes");
                }
                Thread.onSpinWait();
            }
        }
    }
}
