package io.jswoole.reactor.nio;

import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.Registration;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;

/**
 * A socket's {@link SelectionKey} in a {@link NioPoller}.
 *
 * <p>{@link #cancel()} clears the key's interest instead of cancelling the key: a cancelled key
 * stays in its selector until the next select, and until then the channel could not be registered
 * again (not even from a handler, during a poll). The key itself goes when the socket is closed.
 * Changing the interest of a cancelled registration, or of one whose socket was closed, throws
 * {@link CancelledKeyException}.
 */
final class NioRegistration implements Registration {
    final IoHandler handler;
    private final NioPollable socket;
    private int interest;
    private boolean cancelled;
    SelectionKey key;

    NioRegistration(NioPollable socket, int interest, IoHandler handler) {
        this.socket = socket;
        this.interest = interest;
        this.handler = handler;
    }

    @Override
    public int interest() {
        return interest;
    }

    @Override
    public void interest(int ops) {
        if (cancelled) {
            throw new CancelledKeyException();
        }
        if (ops == interest) {
            return;
        }
        key.interestOps(socket.selectionOps(ops));
        interest = ops;
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        if (key.isValid()) {
            try {
                key.interestOps(0);
            } catch (CancelledKeyException e) {
                // the socket was closed meanwhile: nothing is watched any more
            }
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return "NioRegistration[" + socket + ", interest=" + interest + (cancelled ? ", cancelled" : "") + "]";
    }
}
