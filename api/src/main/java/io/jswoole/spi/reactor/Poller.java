package io.jswoole.spi.reactor;

import java.io.Closeable;
import java.io.IOException;

/**
 * Readiness polling for one event loop (Netty's {@code IoHandler}, Swoole's {@code ReactorImpl}).
 *
 * <p>Threading: {@link #register}, {@link #poll} and every {@link Registration} method
 * <b>MUST</b> be called on the loop's own thread; only {@link #wakeup()} may be called from any
 * thread.
 */
public interface Poller extends Closeable {
    /**
     * Interest in (and readiness for) reading or accepting. Hang-up and error are reported as the
     * events the registration is interested in (a socket with interest 0 may report nothing); the
     * handler then sees end of stream or the error from its next read or write.
     */
    int READ = 1;
    /** Interest in (and readiness for) writing. */
    int WRITE = 2;

    /**
     * Watches {@code pollable} for the {@code interest} events; {@code handler} is called from
     * {@link #poll} when any of them is ready. A pollable is registered at most once per poller
     * (a second registration, even after {@link Registration#cancel()}, may fail); closing the
     * pollable ends its registration, though a provider may release the descriptor only at the
     * next poll.
     */
    Registration register(Pollable pollable, int interest, IoHandler handler) throws IOException;

    /**
     * Waits until a registration is ready, {@link #wakeup()} is called or the timeout passes, then
     * calls the ready registrations' handlers.
     *
     * @param timeoutMillis 0 to return at once, -1 to wait without a limit
     * @return the number of handlers called
     */
    int poll(long timeoutMillis) throws IOException;

    /**
     * Asks this poller to call {@code guard}'s {@link WaitGuard#beforeWait()} just before every
     * wait of {@link #poll} that may block, and its {@link WaitGuard#afterWait()} as soon as that
     * wait ends, before any handler runs (also when the wait fails). A loop uses it to let another
     * thread run a turn while its own thread only waits in the kernel: whatever that thread
     * changes (registrations, interests) is then seen by the handlers of this poll. Loop thread
     * only, before the first poll.
     *
     * @return whether this poller honours the guard; the default does not (and returns false)
     */
    default boolean guardWaits(WaitGuard guard) {
        return false;
    }

    /** What a poller calls around a wait that may block; see {@link #guardWaits}. */
    interface WaitGuard {
        /** Called on the loop's thread just before it may block. */
        void beforeWait();

        /** Called on the loop's thread when the wait ended, before any handler runs. */
        void afterWait();
    }

    /** Makes a blocked (or the next) {@link #poll} return soon. Thread-safe and cheap when repeated. */
    void wakeup();

    /** Releases the poller; registered sockets stay open. */
    @Override
    void close() throws IOException;
}
