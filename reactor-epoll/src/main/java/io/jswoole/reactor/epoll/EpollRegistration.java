package io.jswoole.reactor.epoll;

import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.Registration;
import java.nio.channels.CancelledKeyException;

/**
 * A socket's place in an {@link EpollPoller}: its handler, its interest and the token the kernel
 * returns with its events. Changing the interest is one {@code epoll_ctl(MOD)} (none when
 * unchanged); {@link #cancel()} is one {@code epoll_ctl(DEL)}. Changing the interest of a
 * cancelled registration, or of one whose socket was closed, throws {@link CancelledKeyException}.
 */
final class EpollRegistration implements Registration {
    final EpollPoller poller;
    final EpollSocket socket;
    final IoHandler handler;
    final long token;
    int interest;
    private boolean cancelled;

    EpollRegistration(EpollPoller poller, EpollSocket socket, IoHandler handler, long token, int interest) {
        this.poller = poller;
        this.socket = socket;
        this.handler = handler;
        this.token = token;
        this.interest = interest;
    }

    @Override
    public int interest() {
        return interest;
    }

    @Override
    public void interest(int ops) {
        if (cancelled || !socket.isOpen()) {
            throw new CancelledKeyException();
        }
        socket.checkInterest(ops);
        if (ops != interest) {
            poller.modify(this, ops);
            interest = ops;
        }
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            poller.deregister(this);
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** The table reclaimed the slot of this registration's closed socket: nothing left to cancel. */
    void markReleased() {
        cancelled = true;
    }

    @Override
    public String toString() {
        return "EpollRegistration[" + socket + ", interest=" + interest + (cancelled ? ", cancelled" : "") + "]";
    }
}
