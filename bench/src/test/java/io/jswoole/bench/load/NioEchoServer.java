package io.jswoole.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain java.nio echo server on 127.0.0.1 for tests: one thread, writes back what it reads
 * (blocking the read side while a write is pending). With {@code corruptAfter} > 0 it flips one
 * byte of its output once that many bytes have been echoed on a connection.
 */
final class NioEchoServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;
    private final long corruptAfter;
    private final AtomicLong bytesEchoed = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean running = true;

    /** A connection's unwritten output and how much it has echoed. */
    private static final class Conn {
        final ByteBuffer pending = ByteBuffer.allocate(64 * 1024);
        long echoed;
        boolean corrupted;
    }

    NioEchoServer(long corruptAfter) throws IOException {
        this.corruptAfter = corruptAfter;
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        server.configureBlocking(false);
        selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::loop, "test-echo");
        thread.setDaemon(true);
        thread.start();
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    long bytesEchoed() {
        return bytesEchoed.get();
    }

    long accepted() {
        return accepted.get();
    }

    private void loop() {
        try {
            while (running) {
                selector.select(key -> {
                    try {
                        handle(key);
                    } catch (IOException e) {
                        key.cancel();
                        closeQuietly(key);
                    }
                }, 100);
            }
        } catch (IOException e) {
            // The selector closed at the end of the test.
        }
    }

    private void handle(SelectionKey key) throws IOException {
        if (key.isAcceptable()) {
            SocketChannel c;
            while ((c = server.accept()) != null) {
                c.configureBlocking(false);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c.register(selector, SelectionKey.OP_READ, new Conn());
                accepted.incrementAndGet();
            }
            return;
        }
        SocketChannel ch = (SocketChannel) key.channel();
        Conn conn = (Conn) key.attachment();
        if (key.isReadable() && conn.pending.position() == 0) {
            int n = ch.read(conn.pending);
            if (n < 0) {
                closeQuietly(key);
                return;
            }
            if (corruptAfter > 0 && !conn.corrupted && conn.echoed + n > corruptAfter) {
                int at = (int) Math.max(0, corruptAfter - conn.echoed);
                conn.pending.put(at, (byte) ~conn.pending.get(at));
                conn.corrupted = true;
            }
            conn.echoed += n;
        }
        if (conn.pending.position() > 0) {
            conn.pending.flip();
            bytesEchoed.addAndGet(ch.write(conn.pending));
            conn.pending.compact();
            key.interestOps(conn.pending.position() > 0 ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private static void closeQuietly(SelectionKey key) {
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        selector.wakeup();
        thread.join(5_000);
        for (SelectionKey k : selector.keys()) {
            closeQuietly(k);
        }
        selector.close();
        server.close();
    }
}
