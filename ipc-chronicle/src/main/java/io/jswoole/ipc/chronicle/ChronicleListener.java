package io.jswoole.ipc.chronicle;

import io.jswoole.log.Log;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A listening Unix socket in the server's link directory. A connecting side creates its link
 * (control file and queues) first, then connects and names the link in a {@link Hello}; the
 * accepted socket becomes the link's doorbell.
 *
 * <p>Only the listening socket is polled, so a hello that arrives after its connection was taken
 * wakes nobody: {@link #accept()} waits briefly for the hellos of the connections it holds (a
 * connecting side writes it right after connecting, so the wait is rarely needed and then lasts
 * microseconds); a connection that sends none within {@value #HELLO_TIMEOUT_MILLIS} ms is closed.
 */
final class ChronicleListener implements PipeListener {
    static final long HELLO_TIMEOUT_MILLIS = 1_000;
    private static final long WAIT_STEP_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final ListenSocket socket;
    private final Path path;
    private final Path serverDir;
    private final int queueLimit;
    private final List<Pending> pending = new ArrayList<>();

    private record Pending(StreamSocket socket, ByteBuffer hello, long deadline) {
    }

    /** @param socket listening at {@code path} in {@code serverDir}; closing it removes the socket file */
    ChronicleListener(ListenSocket socket, Path path, Path serverDir, int queueLimit) {
        this.socket = socket;
        this.path = path;
        this.serverDir = serverDir;
        this.queueLimit = queueLimit;
    }

    /** The socket file's path; its directory is where the links are. */
    @Override
    public String address() {
        return path.toString();
    }

    @Override
    public Pollable pollable() {
        return socket;
    }

    @Override
    public PipeChannel accept() throws IOException {
        for (StreamSocket s; (s = socket.accept()) != null; ) {
            pending.add(new Pending(s, ByteBuffer.allocate(Hello.SIZE),
                    System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HELLO_TIMEOUT_MILLIS)));
        }
        while (!pending.isEmpty()) {
            PipeChannel admitted = admitOne();
            if (admitted != null) {
                return admitted;
            }
            if (!pending.isEmpty()) {
                LockSupport.parkNanos(WAIT_STEP_NANOS);
            }
        }
        return null;
    }

    /** Reads what each pending connection sent; opens the link of the first complete hello, or returns null. */
    private PipeChannel admitOne() {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            String refusal;
            try {
                if (p.socket().read(p.hello()) < 0) {
                    refusal = "it closed after " + p.hello().position() + " bytes of its hello";
                } else if (p.hello().hasRemaining()) {
                    if (System.nanoTime() - p.deadline() < 0) {
                        continue;
                    }
                    refusal = "it sent no hello within " + HELLO_TIMEOUT_MILLIS + " ms";
                } else {
                    it.remove();
                    return open(p.socket(), Hello.decode(p.hello()));
                }
            } catch (IOException | RuntimeException e) {
                refusal = "opening its link failed: " + e.getMessage();
            }
            it.remove();
            Log.warn("chronicle pipe " + path + ": closing a connection: " + refusal);
            closeQuietly(p.socket());
        }
        return null;
    }

    private PipeChannel open(StreamSocket s, String linkName) throws IOException {
        PipeProvider.requirePlainName(linkName);
        Path linkDir = serverDir.resolve(linkName);
        if (!Files.isDirectory(linkDir)) {
            throw new IOException("no link directory " + linkDir);
        }
        ControlBlock control = ControlBlock.open(linkDir.resolve(ChroniclePipeProvider.CONTROL_FILE),
                ProcessHandle.current().pid());
        ChronicleChannel.Queues queues = ChronicleChannel.Queues.open(linkDir);
        return new ChronicleChannel(s, control, queues, linkDir, 1, serverDir, queueLimit);
    }

    /**
     * Stops listening (removing the socket file) and closes the connections still pending; links
     * stay, but for those whose connecting process is dead.
     */
    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } finally {
            for (Pending p : pending) {
                closeQuietly(p.socket());
            }
            pending.clear();
            LinkFiles.deleteDeadLinks(serverDir, LinkFiles.listenerName(path));
            LinkFiles.deleteIfEmpty(serverDir);
        }
    }

    private static void closeQuietly(StreamSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // being refused anyway
        }
    }

    @Override
    public String toString() {
        return "ChronicleListener[" + path + ", " + pending.size() + " pending]";
    }
}
