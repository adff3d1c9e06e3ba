package io.jswoole.reactor.epoll;

import java.util.Arrays;

/**
 * A poller's registrations by slot. The kernel hands back a registration's token (slot in the low
 * 32 bits, the slot's generation in the high 32) with each event, so an event is turned into its
 * handler with an array index and no lookup object; a token left over from a registration that
 * was cancelled, even one whose slot is already reused, no longer matches and is ignored.
 *
 * <p>A socket closed without being cancelled leaves its slot taken; such slots are reclaimed in a
 * sweep when the table would otherwise grow. Loop thread only.
 */
final class RegistrationTable {
    private EpollRegistration[] slots = new EpollRegistration[64];
    private int[] generations = new int[64];
    private int[] free = new int[64];
    private int freeCount;
    /** Slots below this index have been handed out at least once. */
    private int used;
    private int live;

    /** A token for a new registration, whose slot stays reserved until {@link #put} or {@link #unreserve}. */
    long reserve() {
        int slot;
        if (freeCount == 0 && used == slots.length) {
            sweepClosed();
        }
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (used == slots.length) {
                grow();
            }
            slot = used++;
        }
        return ((long) generations[slot] << 32) | slot;
    }

    void put(EpollRegistration registration) {
        slots[slot(registration.token)] = registration;
        live++;
    }

    /** Gives back a slot {@link #reserve} returned that was never {@link #put}. */
    void unreserve(long token) {
        release(slot(token));
    }

    /** The live registration with this token, or {@code null}. */
    EpollRegistration get(long token) {
        int slot = slot(token);
        if (slot < 0 || slot >= used) {
            return null;
        }
        EpollRegistration r = slots[slot];
        return r != null && r.token == token ? r : null;
    }

    void remove(EpollRegistration registration) {
        int slot = slot(registration.token);
        if (slots[slot] == registration) {
            slots[slot] = null;
            live--;
            release(slot);
        }
    }

    /** The registrations holding a slot, including those whose socket was closed unnoticed. */
    int size() {
        return live;
    }

    private void release(int slot) {
        generations[slot]++;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
    }

    /** Frees the slots of registrations whose socket was closed without cancelling them. */
    private void sweepClosed() {
        for (int i = 0; i < used; i++) {
            EpollRegistration r = slots[i];
            if (r != null && !r.socket.isOpen()) {
                r.markReleased();
                remove(r);
            }
        }
    }

    private void grow() {
        int n = slots.length * 2;
        slots = Arrays.copyOf(slots, n);
        generations = Arrays.copyOf(generations, n);
    }

    private static int slot(long token) {
        return (int) token;
    }
}
