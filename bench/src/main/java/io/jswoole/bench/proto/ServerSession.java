package io.jswoole.bench.proto;

import io.jswoole.bench.proc.Child;
import io.jswoole.bench.proc.Children;
import io.jswoole.bench.proc.Ports;
import io.jswoole.bench.proc.TreeSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One fresh server process for one round: started on a free port of 127.0.0.1, waited for until
 * it accepts connections and its processes have settled, and on {@link #close()} stopped with
 * every process of its tree and reaped, its working directory removed.
 */
public final class ServerSession implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    private final Children children;
    private final Child child;
    private final int port;
    private final Path dir;

    private ServerSession(Children children, Child child, int port, Path dir) {
        this.children = children;
        this.child = child;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts {@code server} with its output appended to {@code log} and waits, up to
     * {@code timeout}, until it listens; a server that fails to start is stopped before this throws.
     */
    public static ServerSession start(Children children, ProtoServer server, Path log, Duration timeout)
            throws IOException, InterruptedException {
        int port = Ports.free(HOST);
        Path dir = Files.createTempDirectory("jswoole-bench-" + server.name() + "-");
        Child child = null;
        try {
            List<String> command = server.command().make(port, dir);
            Files.writeString(log, "# " + String.join(" ", command) + "\n");
            child = children.start(server.name(), command, log, false);
            Ports.awaitListening(HOST, port, child, timeout);
            Ports.awaitSettled(child, timeout);
            return new ServerSession(children, child, port, dir);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (child != null) {
                children.stop(child);
            }
            delete(dir);
            throw e;
        }
    }

    /** The port it listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** CPU time and memory of all its processes now. */
    public TreeSample sample() {
        return TreeSample.of(child.pid());
    }

    /** Whether its first process still runs. */
    public boolean isAlive() {
        return child.isAlive();
    }

    /** The end of its output, for error messages. */
    public String logTail() {
        return child.logTail(10);
    }

    @Override
    public void close() {
        children.stop(child);
        delete(dir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Left in the temporary directory; nothing depends on it.
        }
    }
}
