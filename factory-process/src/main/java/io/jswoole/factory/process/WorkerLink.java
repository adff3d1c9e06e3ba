package io.jswoole.factory.process;

import io.jswoole.core.pipe.Endpoint;
import io.jswoole.core.net.Connection;
import io.jswoole.log.Log;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A reactor thread's way to one worker id: the worker's current pipe, plus what waits for it.
 * Messages wait here while the worker is being replaced or its pipe is full; the connections that
 * produced them stop being read until the backlog has gone out, so no request is lost while a
 * worker restarts and nothing grows without bound. A message in the backlog does not count in the
 * worker's {@link WorkerLoad} until it leaves for the worker.
 *
 * <p>When a worker is replaced (a successor said HELLO, or the worker said GOODBYE), its pipe is
 * retired and keeps <em>draining</em> until the old process has handled everything on it and
 * closed it. Until then new messages wait here, even if the successor is attached: the old
 * process's replies then all come before the successor's, so a connection's replies keep the
 * order of its requests (also for a pipelining client). The wait lasts as long as the old process
 * needs for what it already holds, not a process start. Loop thread only.
 */
final class WorkerLink {
    /** What {@link #send} did with a message. */
    enum Outcome { SENT, QUEUED, REFUSED }

    private static final long MAX_BACKLOG = 64L << 20;

    private record Waiting(int type, int flags, int portId, int session, ByteBuffer payload) {
    }

    private final int workerId;
    private final WorkerLoad load;
    private final ArrayDeque<Waiting> backlog = new ArrayDeque<>();
    /** Each connection once, in the order it stopped; a connection that closes leaves at once. */
    private final Set<Connection> suspended = new LinkedHashSet<>();
    private long backlogBytes;
    private Endpoint current;
    /** Pipes of replaced processes of this worker id, retired, not yet closed by them. */
    private final Set<Endpoint> draining = new LinkedHashSet<>();

    WorkerLink(int workerId) {
        this(workerId, WorkerLoad.NONE);
    }

    /** {@code load} counted each message given to {@link #send} for this worker already. */
    WorkerLink(int workerId, WorkerLoad load) {
        this.workerId = workerId;
        this.load = load;
    }

    int workerId() {
        return workerId;
    }

    /** A (new) worker process said hello on {@code e}: it gets the messages from now on. */
    void attach(Endpoint e) {
        if (current != null && current != e) {
            current.retire(); // the old process drains what it has, then sees end of stream
            draining.add(current);
        }
        current = e;
        e.onDrained(this::drained);
        drained();
    }

    /**
     * {@code e} closed or said goodbye: if it was current, messages wait for the next worker.
     * {@code expected} is false when the worker vanished without a goodbye (it crashed).
     */
    void detached(Endpoint e, boolean expected) {
        if (draining.remove(e)) {
            drained(); // the old process handled all it had: the successor's turn
            return;
        }
        if (current == e) {
            current = null;
            if (!expected) {
                Log.notice("worker " + workerId + " is gone; its messages wait for its successor");
            }
        }
    }

    /** A worker is attached; GOODBYE from it retires the endpoint. */
    boolean isAttached(Endpoint e) {
        return current == e;
    }

    /** The worker said GOODBYE on {@code e}: it gets nothing more there and drains what it has. */
    void goodbye(Endpoint e) {
        e.retire();
        if (!e.isClosed()) {
            draining.add(e);
        }
        if (current == e) {
            current = null;
        }
    }

    Outcome send(int type, int flags, int portId, int session, ByteBuffer payload) {
        if (current != null && draining.isEmpty() && backlog.isEmpty() && current.offer(type, flags, portId, session, payload)) {
            return Outcome.SENT;
        }
        load.add(workerId, -1); // not in the worker's pipe (yet)
        if (backlogBytes > MAX_BACKLOG) {
            return Outcome.REFUSED;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
        backlog.add(new Waiting(type, flags, portId, session, copy));
        backlogBytes += copy.remaining() + 16;
        return Outcome.QUEUED;
    }

    /** Bytes waiting in the backlog (the worker's pipe was full or the worker was away). */
    long backlogBytes() {
        return backlogBytes;
    }

    /** Stops reading {@code c} until the backlog has gone out. */
    void suspend(Connection c) {
        if (!c.isClosed()) {
            c.suspendReading();
            suspended.add(c);
        }
    }

    /** {@code c} closed: nothing is left to resume. */
    void forget(Connection c) {
        suspended.remove(c);
    }

    /** How many connections wait for the backlog to go out. */
    int suspendedCount() {
        return suspended.size();
    }

    private void drained() {
        while (current != null && draining.isEmpty() && !backlog.isEmpty()) {
            Waiting w = backlog.peek();
            if (!current.offer(w.type(), w.flags(), w.portId(), w.session(), w.payload())) {
                return; // the rest goes after the next flush
            }
            backlog.poll();
            backlogBytes -= w.payload().capacity() + 16;
            load.add(workerId, 1);
        }
        if (backlog.isEmpty() && !suspended.isEmpty()) {
            for (Connection c : suspended) {
                c.resumeReading();
            }
            suspended.clear();
        }
    }
}
