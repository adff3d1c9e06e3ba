package io.jswoole.reactor.nio;

import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.Registration;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link Poller} over one JDK {@link Selector}. It watches only this provider's sockets.
 *
 * <p>Handlers are not guarded: an exception a handler throws propagates out of {@link #poll} (the
 * event loop protects itself). The ready sockets not yet handled in that poll are reported again
 * by the next one, because readiness is level-triggered.
 *
 * <p>A socket closed while registered is deregistered, and its descriptor released, by the next
 * {@link #poll}.
 */
final class NioPoller implements Poller {
    private final Selector selector;
    /** Set once a {@link Selector#wakeup()} is pending for the current or next poll. */
    private final AtomicBoolean wakenUp = new AtomicBoolean();
    private final Consumer<SelectionKey> dispatcher = this::dispatch;
    private int handled;

    NioPoller(Selector selector) {
        this.selector = selector;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code pollable} was not opened by this provider, or
     *         {@code interest} is not a combination of READ and WRITE (a listener takes only READ)
     * @throws IllegalStateException if {@code pollable} is already registered with this poller
     * @throws java.nio.channels.ClosedChannelException if {@code pollable} is closed
     */
    @Override
    public Registration register(Pollable pollable, int interest, IoHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        if (!(pollable instanceof NioPollable socket)) {
            throw new IllegalArgumentException("cannot poll " + pollable
                    + ": it belongs to another reactor; the nio poller takes only sockets opened by the nio transport");
        }
        int ops = socket.selectionOps(interest);
        SelectableChannel channel = socket.channel();
        NioRegistration registration = new NioRegistration(socket, interest, handler);
        SelectionKey key = channel.keyFor(selector);
        if (key == null || !key.isValid()) {
            registration.key = channel.register(selector, ops, registration);
            return registration;
        }
        // A registration's cancel() keeps its key (see NioRegistration), so it is reused here.
        if (!((NioRegistration) key.attachment()).isCancelled()) {
            throw new IllegalStateException(pollable + " is already registered with this poller");
        }
        key.attach(registration);
        key.interestOps(ops);
        registration.key = key;
        return registration;
    }

    @Override
    public int poll(long timeoutMillis) throws IOException {
        handled = 0;
        try {
            if (timeoutMillis == 0) {
                selector.selectNow(dispatcher);
            } else if (timeoutMillis < 0) {
                selector.select(dispatcher);
            } else {
                selector.select(dispatcher, timeoutMillis);
            }
        } finally {
            wakenUp.set(false);
        }
        return handled;
    }

    private void dispatch(SelectionKey key) {
        // An earlier handler of this poll may have cancelled the key or closed its channel.
        if (!key.isValid()) {
            return;
        }
        int readyOps;
        try {
            readyOps = NioPollable.pollerOps(key.readyOps());
        } catch (CancelledKeyException e) {
            return;
        }
        NioRegistration registration = (NioRegistration) key.attachment();
        if (readyOps != 0 && !registration.isCancelled()) {
            handled++;
            registration.handler.onReady(readyOps);
        }
    }

    @Override
    public void wakeup() {
        if (wakenUp.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }
}
