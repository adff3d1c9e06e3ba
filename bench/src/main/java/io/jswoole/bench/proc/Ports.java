package io.jswoole.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Free ports for servers, and waiting until a server accepts connections. */
public final class Ports {
    private Ports() {
    }

    /** A port that is free on {@code host} now. */
    public static int free(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    /**
     * Waits, up to {@code timeout}, until {@code child}'s process tree has settled after start-up:
     * the same number of processes, together using less than a quarter of a core, over two
     * samples in a row. A server of several processes accepts on its port before all of its
     * workers are ready; this waits for the rest.
     */
    public static void awaitSettled(Child child, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        TreeSample last = TreeSample.of(child.pid());
        int calm = 0;
        while (calm < 2 && child.isAlive() && System.nanoTime() - deadline < 0) {
            child.process().waitFor(250, TimeUnit.MILLISECONDS);
            TreeSample now = TreeSample.of(child.pid());
            double busy = (now.cpuSeconds() - last.cpuSeconds()) / ((now.nanoTime() - last.nanoTime()) / 1e9);
            calm = now.processes() == last.processes() && busy < 0.25 ? calm + 1 : 0;
            last = now;
        }
    }

    /**
     * Waits until {@code host:port} accepts a connection, polling every 50 ms, while
     * {@code child} is alive, for at most {@code timeout}.
     *
     * @throws IOException if the child exits first or the timeout passes
     */
    public static void awaitListening(String host, int port, Child child, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException e) {
                if (!child.isAlive()) {
                    throw new IOException(child + " exited with status " + child.process().exitValue()
                            + " before listening on " + port + ":\n" + child.logTail(20), e);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException(child + " is not listening on " + port + " after " + timeout.toSeconds()
                            + " s:\n" + child.logTail(20), e);
                }
            }
            child.process().waitFor(50, TimeUnit.MILLISECONDS);
        }
    }
}
