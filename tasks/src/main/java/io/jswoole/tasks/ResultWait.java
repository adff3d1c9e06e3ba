package io.jswoole.tasks;

import io.jswoole.core.pipe.Endpoint;
import io.jswoole.log.Log;
import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Registration;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a {@code taskwait} waits while it holds the worker's event loop: a poller of its own over
 * the task links and their listener, opened at the first wait, whose handlers read the results
 * as they arrive. A result a few microseconds away is polled for briefly before the thread
 * sleeps in the kernel, as long as recent waits were that short (a slow task turns it off).
 * Loop thread only, but for {@link #wakeup()}.
 */
final class ResultWait implements AutoCloseable {
    /**
     * How long a wait polls before it sleeps in the kernel, when the last wait was that short: on
     * two CPUs this took taskwait from about 90,000 to 130,000 round trips/s.
     */
    static final long SPIN_NANOS = 20_000;
    /** How long the short poll waits between two looks (fewer system calls for the same wait). */
    private static final long SPIN_POLL_GAP_NANOS = 500;

    private final ReactorProvider reactor;
    private volatile Poller poller;
    private final Map<Endpoint<?>, Registration> registrations = new HashMap<>();
    /** How long the last wait lasted. */
    private long lastWaitNanos;

    ResultWait(ReactorProvider reactor) {
        this.reactor = reactor;
    }

    /** The poller, opened on first use with {@code listener} and every one of {@code links} watched. */
    Poller poller(Pollable listener, IoHandler accept, Iterable<? extends Endpoint<?>> links) throws IOException {
        if (poller == null) {
            poller = reactor.openPoller();
            poller.register(listener, Poller.READ, accept);
            for (Endpoint<?> e : links) {
                watch(e);
            }
        }
        return poller;
    }

    /** Watches a new link too, once the poller is open. */
    void watch(Endpoint<?> e) {
        if (poller == null) {
            return;
        }
        try {
            registrations.put(e, poller.register(e.pollable(), Poller.READ, e::onReady));
        } catch (IOException ex) {
            Log.warn("cannot watch a task link while waiting for results: " + ex.getMessage());
        }
    }

    /** Stops watching a closed link. */
    void unwatch(Endpoint<?> e) {
        Registration r = registrations.remove(e);
        if (r != null) {
            r.cancel();
        }
    }

    /** Ends a wait in progress soon: something for it arrived on another thread. Any thread. */
    void wakeup() {
        Poller p = poller;
        if (p != null) {
            p.wakeup();
        }
    }

    /** Whether a wait starting now polls briefly first. */
    boolean spinsFirst() {
        return lastWaitNanos < 2 * SPIN_NANOS;
    }

    /** Records how long a wait lasted, for the next {@link #spinsFirst()}. */
    void waited(long nanos) {
        lastWaitNanos = nanos;
    }

    /**
     * Polls without sleeping for up to {@link #SPIN_NANOS}; true as soon as something was handled.
     * A result microseconds away comes sooner this way than by waking a thread asleep in the kernel.
     */
    boolean pollBriefly() throws IOException {
        long start = System.nanoTime();
        long now = start;
        do {
            if (poller.poll(0) > 0) {
                return true;
            }
            long next = now + SPIN_POLL_GAP_NANOS;
            while ((now = System.nanoTime()) - next < 0) {
                Thread.onSpinWait();
            }
        } while (now - start < SPIN_NANOS);
        return false;
    }

    /** Sleeps in the poller until something is handled or {@code millis} pass. */
    void poll(long millis) throws IOException {
        poller.poll(millis);
    }

    @Override
    public void close() {
        Poller p = poller;
        if (p == null) {
            return;
        }
        try {
            p.close();
        } catch (IOException e) {
            Log.debug("closing the task wait poller: " + e);
        }
        poller = null;
        registrations.clear();
    }
}
