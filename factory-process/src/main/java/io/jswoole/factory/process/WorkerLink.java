package io.jswoole.factory.process;

import io.jswoole.core.net.Connection;
import io.jswoole.core.pipe.Endpoint;
import io.jswoole.log.Log;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * A reactor thread's way to one worker id: the worker's current pipe, plus what waits for it.
 * Messages wait here while the worker is being replaced or its pipe is full; the connections that
 * produced them stop being read until the backlog has gone out, so no request is lost while a
 * worker restarts and nothing grows without bound. A message in the backlog does not count in the
 * worker's {@link WorkerLoad} until it leaves for the worker.
 *
 * <p>What is written to a worker process's pipe is remembered ({@link HandedOut}) until the
 * worker's count in {@link WorkerProgress} says it is finished. If the process dies with messages
 * unfinished, {@code worker_lost_policy} decides: {@code close} closes the connections whose
 * packets (or connect event) were lost, so their clients learn at once, and hands a lost close
 * event to the successor; {@code replay} hands every lost message to the successor again, in
 * order, ahead of the backlog.
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
    enum Outcome {
        /** In the worker's pipe. */
        SENT,
        /** In the worker's pipe, which the worker is not keeping up with: stop reading its sender until it drains. */
        SENT_BEHIND,
        /** Waiting in the backlog, sent once the pipe has room: stop reading its sender until then. */
        QUEUED,
        /** Not taken: the backlog is full. */
        REFUSED
    }

    private static final long MAX_BACKLOG = 64L << 20;

    private record Waiting(int type, int flags, int portId, int session, ByteBuffer payload) {
    }

    /** What a worker process was handed: its pid, its bank in {@link WorkerProgress}, the messages. */
    private record Tracked(long pid, int bank, HandedOut handed) {
    }

    /**
     * How this link learns what a worker finished: the shared {@code progress}, the counts of
     * reactor {@code reactorId}; {@code replay} per {@code worker_lost_policy}; {@code giveUp}
     * closes a connection (later, on the loop) whose packet could not be remembered.
     */
    record Tracking(WorkerProgress progress, int reactorId, boolean replay, IntConsumer giveUp) {
    }

    private static final int[] NONE = new int[0];

    private final int workerId;
    private final WorkerLoad load;
    private final Tracking tracking;
    private final Map<Endpoint<WorkerLink>, Tracked> handedOut = new IdentityHashMap<>();
    private Tracked currentHandedOut;
    /** Giving up remembered messages: logged once until there is room again. */
    private boolean overflowing;
    private final ArrayDeque<Waiting> backlog = new ArrayDeque<>();
    /** Each connection once, in the order it stopped; a connection that closes leaves at once. */
    private final Set<Connection> suspended = new LinkedHashSet<>();
    private long backlogBytes;
    private Endpoint<WorkerLink> current;
    private final ByteBuffer stampBuffer = ByteBuffer.allocate(8);
    /** Pipes of replaced processes of this worker id, retired, not yet closed by them. */
    private final Set<Endpoint<WorkerLink>> draining = new LinkedHashSet<>();

    WorkerLink(int workerId) {
        this(workerId, WorkerLoad.NONE, null);
    }

    /**
     * {@code load} counted each message given to {@link #send} for this worker already;
     * {@code tracking} null: what a worker is handed is not remembered.
     */
    WorkerLink(int workerId, WorkerLoad load, Tracking tracking) {
        this.workerId = workerId;
        this.load = load;
        this.tracking = tracking;
    }

    int workerId() {
        return workerId;
    }

    /** A (new) worker process ({@code pid}, 0 if unknown) said hello on {@code e}: it gets the messages from now on. */
    void attach(Endpoint<WorkerLink> e, long pid) {
        if (current != null && current != e) {
            Endpoint<WorkerLink> old = current;
            // Listed first: if the old process is dead, retiring closes its pipe at once, and the
            // close (detached) must find it here to take it out again.
            draining.add(old);
            old.retire(); // the old process drains what it has, then sees end of stream
        }
        current = e;
        currentHandedOut = null;
        if (tracking != null) {
            int bank = tracking.progress().bankOf(workerId, pid);
            if (bank < 0) {
                Log.warn("worker " + workerId + " (pid " + pid + ") keeps no count of finished messages;"
                        + " if it dies, what it was handed is lost");
            } else {
                currentHandedOut = new Tracked(pid, bank, new HandedOut(tracking.replay()));
                handedOut.put(e, currentHandedOut);
            }
        }
        e.onDrained(this::drained);
        drained();
    }

    /**
     * {@code e} closed or said goodbye: if it was current, messages wait for the next worker.
     * {@code expected} is false when the worker vanished without a goodbye (it crashed).
     */
    void detached(Endpoint<WorkerLink> e, boolean expected) {
        if (draining.remove(e)) {
            return; // the successor's turn comes with resume(), once what e left is settled
        }
        if (current == e) {
            current = null;
            currentHandedOut = null;
            if (!expected) {
                Log.notice("worker " + workerId + " is gone; its messages wait for its successor");
            }
        }
    }

    /** A worker is attached; GOODBYE from it retires the endpoint. */
    boolean isAttached(Endpoint<WorkerLink> e) {
        return current == e;
    }

    /** The worker said GOODBYE on {@code e}: it gets nothing more there and drains what it has. */
    void goodbye(Endpoint<WorkerLink> e) {
        e.retire();
        if (!e.isClosed()) {
            draining.add(e);
        }
        if (current == e) {
            current = null;
        }
    }

    Outcome send(int type, int flags, int portId, int session, ByteBuffer payload) {
        if (current != null && draining.isEmpty() && backlog.isEmpty()
                && current.offer(type, flags, portId, session, payload)) {
            handedOut(type, flags, portId, session, payload); // offer left the payload's position as it was
            return current.isBehind() ? Outcome.SENT_BEHIND : Outcome.SENT;
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

    /**
     * Sends a {@link Msg#STAMP} of {@code nanos} ahead of the packets that follow, or queues it
     * before them; it counts as nothing (no load, not remembered).
     */
    void stamp(long nanos) {
        stampBuffer.putLong(0, nanos);
        if (current != null && draining.isEmpty() && backlog.isEmpty() && current.offer(Msg.STAMP, 0, 0, 0, stampBuffer)) {
            return;
        }
        backlog.add(new Waiting(Msg.STAMP, 0, 0, 0, ByteBuffer.allocate(8).putLong(0, nanos)));
        backlogBytes += 8 + 16;
    }

    /** Bytes waiting in the backlog (the worker's pipe was full or the worker was away). */
    long backlogBytes() {
        return backlogBytes;
    }

    /** Stops reading {@code c} until the backlog has gone out and the pipe has drained. */
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

    /** Remembers a message just written to the current worker's pipe, making room first if needed. */
    private void handedOut(int type, int flags, int portId, int session, ByteBuffer payload) {
        Tracked t = currentHandedOut;
        if (t == null) {
            return;
        }
        HandedOut h = t.handed();
        int length = payload.remaining();
        if (h.needsRoom(length)) {
            h.finishedUpTo(tracking.progress().finished(workerId, t.bank(), tracking.reactorId(), t.pid()));
            boolean over = false;
            while (h.tooMany()) {
                over = true;
                int fd = h.forgetOldest();
                if (fd >= 0) {
                    tracking.giveUp().accept(fd); // nothing could be done for it if the worker died
                }
            }
            while (h.copiesOver(length) && h.dropOldestCopy()) {
                over = true;
            }
            if (over && !overflowing) {
                Log.warn("worker " + workerId + " is behind by more than a reactor thread remembers ("
                        + HandedOut.MAX_MESSAGES + " messages" + (h.keepsPayloads() ? " or " + (HandedOut.MAX_COPY_BYTES >> 20)
                        + " MiB of copies; should it die, the oldest of its connections are closed instead of replayed"
                        : "; the connections of the oldest are closed") + ")");
            }
            overflowing = over;
        }
        h.add(type, flags, portId, session, payload);
    }

    /**
     * The pipe {@code e} ended (the worker exited or died): settles what its process was handed
     * and did not finish, per {@code worker_lost_policy}. With {@code replay}, those messages wait
     * for the successor ahead of the backlog; with {@code close} (and for messages whose copy was
     * not kept), a lost close event does, and the connections whose packet or connect event was
     * lost are returned, to be closed. Nothing when the worker had finished everything.
     */
    int[] ended(Endpoint<WorkerLink> e) {
        Tracked t = handedOut.remove(e);
        if (t == null) {
            return NONE;
        }
        HandedOut h = t.handed();
        // -1: the counts were overwritten; everything remembered counts as unfinished
        h.finishedUpTo(tracking.progress().finished(workerId, t.bank(), tracking.reactorId(), t.pid()));
        if (h.size() == 0) {
            return NONE;
        }
        List<HandedOut.Message> lost = h.take();
        Set<Integer> toClose = new TreeSet<>();
        int again = 0;
        for (int i = lost.size() - 1; i >= 0; i--) {
            HandedOut.Message m = lost.get(i);
            if (m.copied() || m.type() == Msg.CLOSE) {
                backlog.addFirst(new Waiting(m.type(), m.flags(), m.portId(), m.session(), m.payload()));
                backlogBytes += m.payload().capacity() + 16;
                again++;
            } else if (m.type() == Msg.RECEIVE || m.type() == Msg.CONNECT) {
                toClose.add(m.session());
            }
        }
        Log.warn("worker " + workerId + " (pid " + t.pid() + ") died with " + lost.size() + " unfinished messages from"
                + " reactor " + tracking.reactorId() + ": " + again + " go to its successor, " + toClose.size()
                + " connections are closed");
        drained();
        return toClose.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Sends what waits, now that a closed pipe's unfinished messages are settled ({@link #ended}). */
    void resume() {
        drained();
    }

    private void drained() {
        while (current != null && draining.isEmpty() && !backlog.isEmpty()) {
            Waiting w = backlog.peek();
            if (!current.offer(w.type(), w.flags(), w.portId(), w.session(), w.payload())) {
                return; // the rest goes after the next flush
            }
            backlog.poll();
            backlogBytes -= w.payload().capacity() + 16;
            if (w.type() != Msg.STAMP) {
                handedOut(w.type(), w.flags(), w.portId(), w.session(), w.payload());
                load.add(workerId, 1);
            }
        }
        if (backlog.isEmpty() && !suspended.isEmpty()) {
            for (Connection c : suspended) {
                c.resumeReading();
            }
            suspended.clear();
        }
    }
}
