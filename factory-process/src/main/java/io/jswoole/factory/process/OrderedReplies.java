package io.jswoole.factory.process;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One connection's replies in the order of its requests ({@code ordered_replies}), when its
 * packets are handled by several workers. The reactor thread records the worker of each packet it
 * dispatches; a worker handles its packets in order and says {@link Msg#DONE} after each, so what
 * it sends for the connection belongs to its oldest packet not yet done. Output for the oldest
 * packet of the connection goes out at once; output for a later one is held here until every
 * earlier packet is done, then goes out in request order. Only where a connection's packets may
 * go to different workers ({@link Dispatcher#packetsMayMove()}); elsewhere they are in order
 * anyway. Loop thread only.
 */
final class OrderedReplies {
    /** Where a reply goes once its turn has come: the connection's output. */
    interface Sink {
        void write(ByteBuffer reply);
    }

    /** A dispatched packet: its worker, whether that worker is done with it, what it sent meanwhile. */
    private static final class Request {
        final int worker;
        boolean done;
        ByteBuffer held;
        Runnable closeAfter;

        Request(int worker) {
            this.worker = worker;
        }
    }

    private final ArrayDeque<Request> requests = new ArrayDeque<>();
    private final long maxHeld;
    private long held;

    /** {@code maxHeld}: the most output held for later packets before the connection is given up. */
    OrderedReplies(long maxHeld) {
        this.maxHeld = maxHeld;
    }

    /** A packet of the connection went to {@code worker}. */
    void dispatched(int worker) {
        requests.add(new Request(worker));
    }

    /**
     * {@code worker} sent {@code reply} on the connection: written now if its packet is the oldest
     * one open (or it has none open: a reply outside onReceive), otherwise held for its turn.
     *
     * @return false if holding it would pass the bound: the caller closes the connection
     */
    boolean send(int worker, ByteBuffer reply, Sink sink) {
        Request r = openOf(worker);
        if (r == null || r == requests.peekFirst()) {
            sink.write(reply);
            return true;
        }
        int n = reply.remaining();
        if (held + n > maxHeld) {
            return false;
        }
        if (r.held == null) {
            r.held = ByteBuffer.allocate(Math.max(n, 256));
        } else if (r.held.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(r.held.capacity() * 2, r.held.position() + n));
            r.held = bigger.put(r.held.flip());
        }
        r.held.put(reply.duplicate());
        held += n;
        return true;
    }

    /** {@code worker} finished its oldest open packet; the replies whose turn has come go out. */
    void done(int worker, Sink sink) {
        Request r = openOf(worker);
        if (r != null) {
            r.done = true;
            release(sink);
        }
    }

    /**
     * {@code worker} asked to close the connection: at once if its packet is the oldest open one
     * (or it has none open), otherwise once the replies before that packet's have gone out.
     */
    void close(int worker, Runnable close) {
        Request r = openOf(worker);
        if (r == null || r == requests.peekFirst()) {
            close.run();
        } else {
            r.closeAfter = close;
        }
    }

    /** Packets dispatched and not yet done (for tests). */
    int open() {
        return requests.size();
    }

    /** Bytes held for later packets (for tests). */
    long held() {
        return held;
    }

    private void release(Sink sink) {
        while (!requests.isEmpty()) {
            Request head = requests.peekFirst();
            if (head.held != null) {
                held -= head.held.position();
                sink.write(head.held.flip());
                head.held = null;
            }
            if (head.closeAfter != null) {
                requests.clear();
                held = 0;
                head.closeAfter.run();
                return;
            }
            if (!head.done) {
                return;
            }
            requests.pollFirst();
        }
    }

    private Request openOf(int worker) {
        for (Request r : requests) {
            if (r.worker == worker && !r.done) {
                return r;
            }
        }
        return null;
    }
}
