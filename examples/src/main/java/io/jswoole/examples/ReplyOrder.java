package io.jswoole.examples;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Keeps the replies of each connection in the order of its requests when some are answered at
 * once and others later (by another worker): a reply waits until every earlier one of its
 * connection has left. Used on one worker's event loop only.
 */
public final class ReplyOrder {
    /** A reply still to come; filled once, by {@link #fill}. */
    public static final class Slot {
        private final Queue queue;
        private byte[] reply;
        private boolean closeAfter;

        private Slot(Queue queue) {
            this.queue = queue;
        }
    }

    private static final class Queue {
        final int fd;
        final ArrayDeque<Slot> slots = new ArrayDeque<>();
        boolean gone;

        Queue(int fd) {
            this.fd = fd;
        }
    }

    private final Map<Integer, Queue> queues = new HashMap<>();
    private final BiConsumer<Integer, byte[]> send;
    private final java.util.function.IntConsumer close;

    /** {@code send} writes a reply to a connection; {@code close} closes one after its replies. */
    public ReplyOrder(BiConsumer<Integer, byte[]> send, java.util.function.IntConsumer close) {
        this.send = send;
        this.close = close;
    }

    /** Whether {@code fd} has replies still to come (a new one must then wait its turn). */
    public boolean waiting(int fd) {
        Queue q = queues.get(fd);
        return q != null && !q.slots.isEmpty();
    }

    /** Reserves the place of the next reply on {@code fd}. */
    public Slot reserve(int fd) {
        Queue q = queues.computeIfAbsent(fd, Queue::new);
        Slot s = new Slot(q);
        q.slots.add(s);
        return s;
    }

    /** Fills a slot; sends every reply of its connection that no longer waits for an earlier one. */
    public void fill(Slot slot, byte[] reply, boolean closeAfter) {
        slot.reply = reply;
        slot.closeAfter = closeAfter;
        Queue q = slot.queue;
        while (!q.gone && !q.slots.isEmpty() && q.slots.peek().reply != null) {
            Slot head = q.slots.poll();
            send.accept(q.fd, head.reply);
            if (head.closeAfter) {
                close.accept(q.fd);
                forget(q.fd);
                return;
            }
        }
        if (q.slots.isEmpty()) {
            queues.remove(q.fd, q);
        }
    }

    /** The connection closed: its replies still to come are dropped. */
    public void forget(int fd) {
        Queue q = queues.remove(fd);
        if (q != null) {
            q.gone = true;
            q.slots.clear();
        }
    }
}
