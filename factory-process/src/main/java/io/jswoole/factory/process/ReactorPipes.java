package io.jswoole.factory.process;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.pipe.Endpoint;
import io.jswoole.log.Log;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A process-mode worker's pipes to the master's reactor threads, for messages that go that way:
 * replies, close requests, binds, datagrams. A connection that lost a message to a full pipe gets
 * nothing more and is closed once that pipe drains, so that its client never reads a stream with
 * a gap in it.
 */
final class ReactorPipes {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private final EventLoop loop;
    private final List<Endpoint<Integer>> endpoints;
    /**
     * Per reactor thread: connections that lost a reply to a full pipe. They get nothing more, and are
     * closed once the pipe drains: a client must not read a stream with a gap in it.
     */
    private final List<Set<Integer>> cutOff = new ArrayList<>();

    ReactorPipes(EventLoop loop, List<Endpoint<Integer>> endpoints) {
        this.loop = loop;
        this.endpoints = endpoints;
        for (int r = 0; r < endpoints.size(); r++) {
            cutOff.add(new HashSet<>());
        }
    }

    /** Sends one message to reactor {@code r}, on the loop; false if the pipe stays full. */
    boolean send(int r, int type, int flags, int session, ByteBuffer payload) {
        if (!loop.inLoop()) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            loop.execute(() -> send(r, type, flags, session, copy));
            return true;
        }
        Endpoint<Integer> e = endpoints.get(r);
        boolean toConnection = type == Msg.SEND || type == Msg.CLOSE_REQUEST || type == Msg.BIND;
        if (toConnection && cutOff.get(r).contains(session)) {
            return false;
        }
        if (e.offer(type, flags, r, session, payload)) {
            return true;
        }
        e.flush(); // the pipe is full: write what is queued now, then try once more
        if (e.offer(type, flags, r, session, payload)) {
            return true;
        }
        if (toConnection) {
            cutOff.get(r).add(session);
            Log.warn("the pipe to reactor " + r + " is full; connection " + session + " loses a message and is"
                    + " closed once the pipe drains");
        } else {
            Log.warn("the pipe to reactor " + r + " is full; message to " + session + " dropped");
        }
        return false;
    }

    /** The pipe to reactor {@code r} drained: the connections that lost a message to it are closed now. */
    void drained(int r) {
        Set<Integer> lost = cutOff.get(r);
        if (lost.isEmpty()) {
            return;
        }
        Endpoint<Integer> e = endpoints.get(r);
        for (int session : List.copyOf(lost)) {
            if (!e.offer(Msg.CLOSE_REQUEST, Msg.FLAG_RESET, r, session, EMPTY)) {
                return; // full again: the rest at its next drain
            }
            lost.remove(session);
        }
    }
}
