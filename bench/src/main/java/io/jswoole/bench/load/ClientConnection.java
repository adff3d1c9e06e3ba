package io.jswoole.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One client connection of a load thread: issues messages up to the depth, writes the stream,
 * reads the echo, checks it and records the latency of each message from its issue to the
 * arrival of its last byte. Used on its thread only.
 */
final class ClientConnection {
    private static final long RETRY_NANOS = 100_000_000L;

    private enum State { CONNECTING, ACTIVE, DEAD }

    private final LoadConfig config;
    private final WorkerStats stats;
    private final InetSocketAddress address;
    private final ByteBuffer out;
    private final long[] issuedAt;
    private State state = State.DEAD;
    private SocketChannel channel;
    private SelectionKey key;
    private boolean wantWrite;
    private long issued;
    private long completed;
    private long queuedBytes;
    private long sentBytes;
    private long receivedBytes;
    private long connectStartedAt;
    private long retryAt;
    private long doneInWindow;

    ClientConnection(LoadConfig config, WorkerStats stats, InetSocketAddress address, ByteBuffer patternView) {
        this.config = config;
        this.stats = stats;
        this.address = address;
        this.out = patternView;
        this.issuedAt = new long[config.depth()];
    }

    /** Opens the connection; a failure is counted and retried later. */
    void open(Selector selector, long now) {
        issued = completed = queuedBytes = sentBytes = receivedBytes = 0;
        wantWrite = false;
        connectStartedAt = now;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            state = State.CONNECTING;
            if (channel.connect(address)) {
                key = channel.register(selector, SelectionKey.OP_READ, this);
                established(now);
            } else {
                key = channel.register(selector, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            fail(ErrorKind.CONNECT, now);
        }
    }

    /** Reopens a failed connection when its retry time has come, and times out a slow connect. */
    void check(Selector selector, long now) {
        if (state == State.DEAD && now >= retryAt) {
            open(selector, now);
        } else if (state == State.CONNECTING
                && now - connectStartedAt > (long) (config.connectTimeoutSeconds() * 1e9)) {
            fail(ErrorKind.CONNECT_TIMEOUT, now);
        }
    }

    /** Handles the ready operations of its key; {@code buffer} is the thread's read buffer. */
    void ready(int ops, ByteBuffer buffer, ByteBuffer expected, boolean issueMore) {
        if (state == State.CONNECTING) {
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                finishConnect();
            }
            return;
        }
        if (state == State.ACTIVE && (ops & SelectionKey.OP_READ) != 0) {
            readable(buffer, expected, issueMore);
        }
        if (state == State.ACTIVE && (ops & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
    }

    private void finishConnect() {
        try {
            if (!channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            fail(ErrorKind.CONNECT, System.nanoTime());
            return;
        }
        key.interestOps(SelectionKey.OP_READ);
        established(System.nanoTime());
    }

    private void established(long now) {
        state = State.ACTIVE;
        stats.connectsOk++;
        issue(now);
        flush();
    }

    private void issue(long now) {
        int depth = config.depth();
        while (issued - completed < depth) {
            issuedAt[(int) (issued % depth)] = now;
            issued++;
            queuedBytes += config.size();
        }
    }

    private void flush() {
        while (sentBytes < queuedBytes) {
            int n = (int) Math.min(queuedBytes - sentBytes, EchoPattern.CHUNK);
            int written;
            try {
                written = channel.write(EchoPattern.select(out, sentBytes, n));
            } catch (IOException e) {
                fail(ErrorKind.WRITE, System.nanoTime());
                return;
            }
            if (written == 0) {
                wantWrite(true);
                return;
            }
            sentBytes += written;
        }
        wantWrite(false);
    }

    private void wantWrite(boolean on) {
        if (wantWrite != on) {
            wantWrite = on;
            key.interestOps(on ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private void readable(ByteBuffer buffer, ByteBuffer expected, boolean issueMore) {
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            fail(ErrorKind.RESET, System.nanoTime());
            return;
        }
        if (n <= 0) {
            if (n < 0) {
                fail(ErrorKind.EOF, System.nanoTime());
            }
            return;
        }
        if (receivedBytes + n > sentBytes) {
            fail(ErrorKind.PROTOCOL, System.nanoTime());
            return;
        }
        if (!EchoPattern.matches(buffer, n, receivedBytes, expected, config.verify())) {
            fail(ErrorKind.MISMATCH, System.nanoTime());
            return;
        }
        receivedBytes += n;
        boolean window = stats.inWindow();
        if (window) {
            stats.bytes += n;
        }
        long done = receivedBytes / config.size();
        if (done == completed) {
            return;
        }
        long now = System.nanoTime();
        int depth = config.depth();
        while (completed < done) {
            long t0 = issuedAt[(int) (completed % depth)];
            completed++;
            if (window) {
                stats.record(now - t0);
                doneInWindow++;
            }
        }
        if (issueMore) {
            issue(now);
            flush();
        }
    }

    private void fail(ErrorKind kind, long now) {
        stats.count(kind);
        close();
        state = State.DEAD;
        retryAt = config.reconnect() ? now + RETRY_NANOS : Long.MAX_VALUE;
    }

    /** Whether a message has been outstanding for longer than {@code nanos} at {@code now}. */
    boolean stalled(long now, long nanos) {
        return state == State.ACTIVE && issued > completed
                && now - issuedAt[(int) (completed % config.depth())] > nanos;
    }

    void resetWindowCount() {
        doneInWindow = 0;
    }

    long doneInWindow() {
        return doneInWindow;
    }

    void close() {
        if (channel != null) {
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing to do: the connection is gone either way.
            }
            channel = null;
            key = null;
        }
    }
}
