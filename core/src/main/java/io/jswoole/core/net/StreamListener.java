package io.jswoole.core.net;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.log.Log;
import io.jswoole.spi.Factory;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;

/**
 * Accepts a stream port's connections on one loop (through an {@link Acceptor}, which pauses when
 * descriptors run out) and hands them to its {@link ConnectionTable}.
 */
public final class StreamListener {
    private final EventLoop loop;
    private final PortConfig port;
    private final ListenSocket socket;
    private final ConnectionTable table;
    private final Factory<Connection> factory;
    private final int reactorId;
    private final Acceptor acceptor;
    private long lastRefusalLog;

    public StreamListener(EventLoop loop, PortConfig port, ListenSocket socket, ConnectionTable table,
                          Factory<Connection> factory, int reactorId) {
        this.loop = loop;
        this.port = port;
        this.socket = socket;
        this.table = table;
        this.factory = factory;
        this.reactorId = reactorId;
        this.acceptor = new Acceptor(loop, socket, String.valueOf(port.port()), this::accepted);
    }

    /** Starts accepting; loop thread only. */
    public void start() throws IOException {
        acceptor.start();
    }

    public PortConfig port() {
        return port;
    }

    private void accepted(StreamSocket s) {
        Connection c;
        try {
            c = table.open(s, reactorId, port, loop, factory);
        } catch (IOException | RuntimeException e) {
            Log.warn("cannot register a connection on " + port.port() + ": " + e);
            closeQuietly(s);
            return;
        }
        if (c == null) {
            long now = System.nanoTime();
            if (now - lastRefusalLog > 1_000_000_000L) {
                lastRefusalLog = now;
                Log.warn("connection on " + port.port() + " refused: max_connection " + table.counters().maxConnections()
                        + " reached");
            }
            closeQuietly(s);
        }
    }

    /**
     * Accepts every connection already waiting, then closes: with SO_REUSEPORT, a connection left
     * in a closing listener's queue would be reset. Loop thread only.
     */
    public void acceptPendingAndClose() {
        int before;
        do {
            before = table.size();
            acceptor.acceptSome();
        } while (table.size() > before);
        close();
    }

    /** Stops accepting and closes the listening socket; loop thread only. */
    public void close() {
        acceptor.stop();
        closeQuietly(socket);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            Log.debug("close: " + e);
        }
    }
}
