package io.jswoole.reactor.epoll;

import io.jswoole.linux.Errno;
import io.jswoole.linux.Errors;
import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.Registration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.util.Objects;

/**
 * A {@link Poller} over one epoll instance, level-triggered. Events are read by {@code epoll_wait}
 * into one reused block of native memory and carry a registration's slot (see
 * {@link RegistrationTable}), so polling allocates nothing.
 *
 * <p>Handlers are not guarded: an exception a handler throws propagates out of {@link #poll}; the
 * ready sockets not yet handled are reported again by the next poll, being level-triggered.
 *
 * <p>A registration with no interest is watched edge-triggered, so that a hang-up or error (which
 * epoll reports whatever the interest) is reported once rather than by every poll. A socket
 * closed while registered leaves the epoll set at once (the kernel drops it); its slot is
 * reclaimed later.
 *
 * <p>Threading: as {@link Poller} says, everything but {@link #wakeup()} <b>MUST</b> run on the
 * loop's thread; {@link #close()} may also come from another thread, in which case a running poll
 * is woken and releases the descriptors itself.
 */
final class EpollPoller implements Poller {
    /** The most events one {@code epoll_wait} returns. */
    static final int MAX_EVENTS = 1024;
    private static final long WAKEUP_TOKEN = -1L;

    private final FileDescriptor epfd;
    private final WakeupSignal wakeup;
    private final ByteBuffer events = direct(MAX_EVENTS * Linux.EPOLL_EVENT_SIZE);
    private final long eventsAddress = Native.address(events);
    private final ByteBuffer ctlEvent = direct(16);
    private final long ctlEventAddress = Native.address(ctlEvent);
    private final RegistrationTable table = new RegistrationTable();
    private WaitGuard guard;

    private EpollPoller(FileDescriptor epfd, WakeupSignal wakeup) {
        this.epfd = epfd;
        this.wakeup = wakeup;
    }

    static EpollPoller open() throws IOException {
        int fd = Native.C.epoll_create1(Linux.EPOLL_CLOEXEC);
        if (fd < 0) {
            throw Errors.lastError("epoll_create1");
        }
        FileDescriptor epfd = new FileDescriptor(fd);
        WakeupSignal wakeup = null;
        try {
            wakeup = WakeupSignal.open();
            EpollPoller poller = new EpollPoller(epfd, wakeup);
            if (poller.ctl(Linux.EPOLL_CTL_ADD, wakeup.fd(), Linux.EPOLLIN | Linux.EPOLLET, WAKEUP_TOKEN) != 0) {
                throw Errors.lastError("epoll_ctl(ADD eventfd)");
            }
            return poller;
        } catch (IOException | RuntimeException e) {
            if (wakeup != null) {
                wakeup.release();
            }
            epfd.close();
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code pollable} was not opened by this provider, or
     *         {@code interest} is not a combination of READ and WRITE (a listener takes only READ)
     * @throws IllegalStateException if {@code pollable} is already registered with this poller
     * @throws java.nio.channels.ClosedChannelException if {@code pollable} is closed
     * @throws ClosedSelectorException if this poller is closed
     */
    @Override
    public Registration register(Pollable pollable, int interest, IoHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        if (!(pollable instanceof EpollSocket socket)) {
            throw new IllegalArgumentException("cannot poll " + pollable
                    + ": it belongs to another reactor; the epoll poller takes only sockets opened by the epoll transport");
        }
        socket.checkInterest(interest);
        ensureOpen();
        int fd = socket.fd.get();
        long token = table.reserve();
        if (ctl(Linux.EPOLL_CTL_ADD, fd, epollEvents(interest), token) != 0) {
            int errno = Errors.lastErrno();
            table.unreserve(token);
            if (errno == Errno.EEXIST) {
                throw new IllegalStateException(pollable + " is already registered with this poller");
            }
            throw Errors.exception("epoll_ctl(ADD)", errno);
        }
        EpollRegistration registration = new EpollRegistration(this, socket, handler, token, interest);
        table.put(registration);
        return registration;
    }

    @Override
    public int poll(long timeoutMillis) throws IOException {
        boolean block = wakeup.enterPoll(timeoutMillis != 0);
        WaitGuard guarded = block ? guard : null;
        int n;
        try {
            if (guarded != null) {
                guarded.beforeWait();
            }
            try {
                n = Native.C.epoll_wait(epfd.get(), eventsAddress, MAX_EVENTS, block ? timeout(timeoutMillis) : 0);
            } finally {
                if (guarded != null) {
                    guarded.afterWait();
                }
            }
        } finally {
            if (wakeup.exitPoll()) {
                release();
            }
        }
        if (wakeup.isClosed()) {
            return 0; // closed by another thread while waiting
        }
        if (n < 0) {
            int errno = Errors.lastErrno();
            if (errno == Errno.EINTR) {
                return 0;
            }
            throw Errors.exception("epoll_wait", errno);
        }
        return dispatch(n);
    }

    private int dispatch(int n) {
        int handled = 0;
        for (int i = 0; i < n; i++) {
            int at = i * Linux.EPOLL_EVENT_SIZE;
            long token = events.getLong(at + Linux.EPOLL_EVENT_DATA);
            if (token == WAKEUP_TOKEN) {
                continue;
            }
            EpollRegistration r = table.get(token);
            // An earlier handler of this poll may have cancelled it or closed its socket.
            if (r == null || r.isCancelled() || !r.socket.isOpen()) {
                continue;
            }
            int ready = readyOps(events.getInt(at)) & r.interest;
            if (ready != 0) {
                handled++;
                r.handler.onReady(ready);
            }
        }
        return handled;
    }

    @Override
    public boolean guardWaits(WaitGuard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
        return true;
    }

    /** Hang-up and error count as whatever the registration waits for (its next call reports them). */
    private static int readyOps(int epollEvents) {
        int ops = 0;
        if ((epollEvents & (Linux.EPOLLIN | Linux.EPOLLHUP | Linux.EPOLLERR)) != 0) {
            ops |= READ;
        }
        if ((epollEvents & (Linux.EPOLLOUT | Linux.EPOLLHUP | Linux.EPOLLERR)) != 0) {
            ops |= WRITE;
        }
        return ops;
    }

    private static int epollEvents(int interest) {
        if (interest == 0) {
            return Linux.EPOLLET;
        }
        return ((interest & READ) != 0 ? Linux.EPOLLIN : 0) | ((interest & WRITE) != 0 ? Linux.EPOLLOUT : 0);
    }

    private static int timeout(long millis) {
        return millis < 0 ? -1 : (int) Math.min(millis, Integer.MAX_VALUE);
    }

    /** Changes a live registration's interest; called by {@link EpollRegistration#interest(int)}. */
    void modify(EpollRegistration r, int interest) {
        ensureOpen();
        int fd;
        try {
            fd = r.socket.fd.get();
        } catch (IOException e) {
            throw new CancelledKeyException();
        }
        if (ctl(Linux.EPOLL_CTL_MOD, fd, epollEvents(interest), r.token) != 0) {
            int errno = Errors.lastErrno();
            if (errno == Errno.ENOENT || errno == Errno.EBADF) {
                throw new CancelledKeyException();
            }
            throw new UncheckedIOException(Errors.exception("epoll_ctl(MOD)", errno));
        }
    }

    /** Stops watching; called once by {@link EpollRegistration#cancel()}. */
    void deregister(EpollRegistration r) {
        if (wakeup.isClosed()) {
            return;
        }
        table.remove(r);
        // A closed socket has left the epoll set already, and its number may belong to another file now.
        if (r.socket.isOpen()) {
            try {
                ctl(Linux.EPOLL_CTL_DEL, r.socket.fd.get(), 0, 0);
            } catch (IOException e) {
                // closed meanwhile: the kernel removed it
            }
        }
    }

    /** The wake-up eventfd; for tests. */
    int wakeupFd() throws IOException {
        return wakeup.fd();
    }

    /** Registrations holding a slot; for tests. */
    int registrations() {
        return table.size();
    }

    private int ctl(int op, int fd, int epollEvents, long token) {
        ctlEvent.putInt(0, epollEvents);
        ctlEvent.putLong(Linux.EPOLL_EVENT_DATA, token);
        try {
            return Native.C.epoll_ctl(epfd.get(), op, fd, ctlEventAddress);
        } catch (IOException e) {
            throw new ClosedSelectorException();
        }
    }

    private void ensureOpen() {
        if (wakeup.isClosed()) {
            throw new ClosedSelectorException();
        }
    }

    @Override
    public void wakeup() {
        wakeup.wakeup();
    }

    @Override
    public void close() {
        if (wakeup.close()) {
            release();
        }
    }

    private void release() {
        wakeup.release();
        epfd.close();
    }

    private static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }
}
