package io.jswoole.core.net;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@code stats()}, shared by every loop of a process. */
public final class ServerCounters {
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder aborted = new LongAdder();
    private final int maxConnections;

    public ServerCounters(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** Counts a new connection; false (counting nothing) when {@code max_connection} is reached. */
    boolean tryOpen() {
        while (true) {
            int n = open.get();
            if (n >= maxConnections) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                accepted.increment();
                return true;
            }
        }
    }

    void countClose() {
        open.decrementAndGet();
        closed.increment();
    }

    /** Counts one received packet (an onReceive or onPacket). */
    public void request() {
        requests.increment();
    }

    /** Counts a connection closed for bad input or an overflow. */
    void countAbort() {
        aborted.increment();
    }

    public int open() {
        return open.get();
    }

    public long accepted() {
        return accepted.sum();
    }

    public long closed() {
        return closed.sum();
    }

    public long requests() {
        return requests.sum();
    }

    public long aborted() {
        return aborted.sum();
    }

    public int maxConnections() {
        return maxConnections;
    }
}
