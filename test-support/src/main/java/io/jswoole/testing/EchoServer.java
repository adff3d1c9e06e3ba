package io.jswoole.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Registration;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An echo server on a poller loop of its own thread. Its small buffer makes every connection
 * switch between READ and WRITE interest; at end of stream it flushes, half-closes and closes.
 * Its buffers are heap or direct, to take both paths through a socket.
 */
public final class EchoServer implements AutoCloseable {
    private final Poller poller;
    private final ListenSocket listener;
    private final Thread thread;
    private final List<StreamSocket> connections = new ArrayList<>();
    private volatile boolean running = true;
    private volatile int accepted;
    private volatile Throwable failure;
    private final boolean direct;

    /** An echo server with heap buffers. */
    public EchoServer(ReactorProvider reactor, ListenSocket listener) throws IOException {
        this(reactor, listener, false);
    }

    /** An echo server on {@code listener}, with direct buffers when {@code direct}. */
    public EchoServer(ReactorProvider reactor, ListenSocket listener, boolean direct) throws IOException {
        this.direct = direct;
        this.poller = reactor.openPoller();
        this.listener = listener;
        this.thread = new Thread(this::run, "echo-loop");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            poller.register(listener, Poller.READ, ops -> acceptAll());
            while (running) {
                poller.poll(-1);
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            for (StreamSocket c : connections) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // test teardown
                }
            }
        }
    }

    private void acceptAll() {
        try {
            StreamSocket socket;
            while ((socket = listener.accept()) != null) {
                connections.add(socket);
                accepted++;
                Echo echo = new Echo(socket, direct);
                echo.registration = poller.register(socket, Poller.READ, echo);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many connections it has accepted. */
    public int accepted() {
        return accepted;
    }

    /** The listener's address. */
    public SocketAddress address() throws IOException {
        return listener.localAddress();
    }

    @Override
    public void close() throws IOException {
        running = false;
        poller.wakeup();
        try {
            thread.join(Await.DEADLINE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the echo loop", e);
        }
        assertFalse(thread.isAlive(), "the echo loop did not stop");
        poller.close();
        listener.close();
        if (failure != null) {
            throw new AssertionError("the echo loop failed", failure);
        }
    }

    private static final class Echo implements IoHandler {
        private final StreamSocket socket;
        private final ByteBuffer buffer;
        private Registration registration;
        private boolean eof;

        Echo(StreamSocket socket, boolean direct) {
            this.socket = socket;
            this.buffer = direct ? ByteBuffer.allocateDirect(8 * 1024) : ByteBuffer.allocate(8 * 1024);
        }

        @Override
        public void onReady(int readyOps) {
            try {
                if ((readyOps & Poller.READ) != 0 && !eof && buffer.hasRemaining() && socket.read(buffer) < 0) {
                    eof = true;
                }
                buffer.flip();
                socket.write(buffer);
                buffer.compact();
                boolean pending = buffer.position() > 0;
                if (eof && !pending) {
                    socket.shutdownOutput();
                    registration.cancel();
                    socket.close();
                    return;
                }
                registration.interest((pending ? Poller.WRITE : 0) | (!eof && buffer.hasRemaining() ? Poller.READ : 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
