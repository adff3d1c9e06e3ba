package io.jswoole.core.net;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.spi.Factory;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections one owner (a worker's loop, or a reactor thread) holds, by session id. Session
 * ids are positive ints with {@code id % owners == owner}, so any process can tell which owner
 * holds a connection. Lookups are safe from any thread; changes happen on the owner's loop.
 */
public final class ConnectionTable implements ConnectionOwner {
    private final int owner;
    private final int owners;
    private final ServerCounters counters;
    private final ConcurrentHashMap<Integer, Connection> byFd = new ConcurrentHashMap<>();
    private int next;

    /**
     * @param owner  this table's owner index, 0 to {@code owners - 1}
     * @param owners how many owners share the session id space
     */
    public ConnectionTable(int owner, int owners, ServerCounters counters) {
        if (owner < 0 || owner >= owners) {
            throw new IllegalArgumentException("owner " + owner + " not in 0.." + (owners - 1));
        }
        this.owner = owner;
        this.owners = owners;
        this.counters = counters;
        this.next = owner == 0 ? owners : owner;
    }

    /** The owner of session id {@code fd} in a space shared by {@code owners}. */
    public static int ownerOf(int fd, int owners) {
        return fd % owners;
    }

    public ServerCounters counters() {
        return counters;
    }

    /** Adds a newly accepted socket, or returns null when {@code max_connection} is reached. */
    Connection open(StreamSocket socket, int reactorId, PortConfig port, EventLoop loop, Factory<Connection> factory)
            throws IOException {
        if (!counters.tryOpen()) {
            return null;
        }
        int fd = nextFd();
        Connection c = new Connection(fd, reactorId, socket, port, loop, factory, this);
        byFd.put(fd, c);
        try {
            c.start();
        } catch (IOException | RuntimeException e) {
            byFd.remove(fd);
            counters.countClose();
            throw e;
        }
        return c;
    }

    private int nextFd() {
        while (true) {
            int fd = next;
            next = next > Integer.MAX_VALUE - owners ? (owner == 0 ? owners : owner) : next + owners;
            if (!byFd.containsKey(fd)) {
                return fd;
            }
        }
    }

    @Override
    public void removed(Connection c) {
        if (byFd.remove(c.fd(), c)) {
            counters.countClose();
        }
    }

    @Override
    public void requestReceived(Connection c) {
        counters.request();
    }

    @Override
    public void aborted(Connection c) {
        counters.countAbort();
    }

    /** The connection with session id {@code fd}, or {@code null}. */
    public Connection get(int fd) {
        return byFd.get(fd);
    }

    public int size() {
        return byFd.size();
    }

    /** A snapshot of every connection. */
    public Collection<Connection> all() {
        return java.util.List.copyOf(byFd.values());
    }

    /** Up to {@code pageSize} session ids greater than {@code startFd}, ascending. */
    public int[] list(int startFd, int pageSize) {
        int[] ids = byFd.keySet().stream().mapToInt(Integer::intValue).filter(i -> i > startFd).sorted().toArray();
        return ids.length <= pageSize ? ids : Arrays.copyOf(ids, pageSize);
    }
}
