package io.jswoole.reactor.epoll;

import io.jswoole.linux.Errors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedSelectorException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A poller's wake-ups and its closing, the only parts of it other threads touch. One atomic state
 * says whether a poll is in progress, a wake-up is pending, or the poller is closed:
 * {@link #wakeup()} writes the eventfd only when a poll may be blocked in {@code epoll_wait} (and
 * only once until that poll ends); a wake-up while no poll runs just makes the next one not block.
 * A close while a poll runs wakes it, and the polling thread releases the descriptors.
 *
 * <p>The eventfd is watched edge-triggered and never read: every write is a new edge, and its
 * counter (2<sup>64</sup>-2) cannot fill up in practice, so a wake-up costs one system call.
 */
final class WakeupSignal {
    private static final int POLLING = 1;
    private static final int WOKEN = 2;
    private static final int CLOSED = 4;

    private final AtomicInteger state = new AtomicInteger();
    private final FileDescriptor eventFd;
    private final long one;
    private final ByteBuffer oneBuffer;

    private WakeupSignal(FileDescriptor eventFd) {
        this.eventFd = eventFd;
        this.oneBuffer = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).putLong(0, 1);
        this.one = Native.address(oneBuffer);
    }

    static WakeupSignal open() throws IOException {
        int fd = Native.C.eventfd(0, Linux.EFD_NONBLOCK | Linux.EFD_CLOEXEC);
        if (fd < 0) {
            throw Errors.lastError("eventfd");
        }
        return new WakeupSignal(new FileDescriptor(fd));
    }

    /** The eventfd, to watch for {@code EPOLLIN | EPOLLET}. */
    int fd() throws IOException {
        return eventFd.get();
    }

    /**
     * Marks a poll as running; returns whether its wait may block (not if a wake-up is pending).
     *
     * @throws ClosedSelectorException if the poller is closed
     */
    boolean enterPoll(boolean wantsToBlock) {
        while (true) {
            int s = state.get();
            if ((s & CLOSED) != 0) {
                throw new ClosedSelectorException();
            }
            if (state.compareAndSet(s, s | POLLING)) {
                return wantsToBlock && (s & WOKEN) == 0;
            }
        }
    }

    /** Ends a poll, consuming any wake-up; returns true if the poller was closed meanwhile. */
    boolean exitPoll() {
        while (true) {
            int s = state.get();
            if (state.compareAndSet(s, s & CLOSED)) {
                return (s & CLOSED) != 0;
            }
        }
    }

    /** Thread-safe; a system call only when a poll is running and not yet woken. */
    void wakeup() {
        while (true) {
            int s = state.get();
            if ((s & (WOKEN | CLOSED)) != 0) {
                return;
            }
            if (state.compareAndSet(s, s | WOKEN)) {
                if ((s & POLLING) != 0) {
                    signal();
                }
                return;
            }
        }
    }

    /**
     * Marks the poller closed; returns true if the caller must release it now, false if it was
     * closed already or a running poll will release it when it wakes.
     */
    boolean close() {
        while (true) {
            int s = state.get();
            if ((s & CLOSED) != 0) {
                return false;
            }
            if (state.compareAndSet(s, s | CLOSED)) {
                if ((s & POLLING) != 0) {
                    signal();
                    return false;
                }
                return true;
            }
        }
    }

    boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /** Closes the eventfd; a late {@link #wakeup()} then writes nothing (never to a reused number). */
    void release() {
        synchronized (this) {
            eventFd.close();
        }
    }

    private void signal() {
        synchronized (this) {
            if (eventFd.isOpen()) {
                try {
                    Native.C.write(eventFd.get(), one, 8);
                } catch (IOException e) {
                    // closed meanwhile: nobody to wake
                }
            }
        }
    }
}
