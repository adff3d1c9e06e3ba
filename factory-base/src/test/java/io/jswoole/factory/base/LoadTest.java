package io.jswoole.factory.base;

import io.jswoole.testing.RunningServer;
import io.jswoole.testing.Clients;
import io.jswoole.testing.Flood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.Server;
import io.jswoole.testing.SettingEffect;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many connections at once, a client that resets, and a client that never reads. */
@Timeout(120)
class LoadTest {

    private static Server echo() {
        Server s = new Server("127.0.0.1", 0);
        s.onReceive((srv, fd, r, data) -> srv.send(fd, data));
        return s;
    }

    @Test
    void thousandConcurrentConnectionsHundredMessagesEach() throws Exception {
        int connections = 1000;
        int messages = 100;
        try (RunningServer s = RunningServer.start(echo())) {
            List<Socket> sockets = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                for (int i = 0; i < connections; i++) {
                    sockets.add(Clients.connect("127.0.0.1", s.port()));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (s.server().stats().connectionNum() < connections && System.nanoTime() - deadline < 0) {
                    Thread.sleep(5);
                }
                assertEquals(connections, s.server().stats().connectionNum(), "every connection is open at once");
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 32; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        for (int m = 0; m < messages; m++) {
                            for (int c = first; c < connections; c += 32) {
                                byte[] msg = ByteBuffer.allocate(12).putInt(c).putInt(m).putInt(~c).array();
                                Socket sock = sockets.get(c);
                                sock.getOutputStream().write(msg);
                                assertArrayEquals(msg, Clients.readExactly(sock.getInputStream(), msg.length));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(100, TimeUnit.SECONDS);
                }
                assertEquals((long) connections * messages, s.server().stats().requestCount());
            } finally {
                pool.shutdownNow();
                for (Socket sock : sockets) {
                    sock.close();
                }
            }
        }
    }

    @Test
    void clientThatConnectsAndResetsAtOnce() throws Exception {
        try (RunningServer s = RunningServer.start(echo())) {
            for (int i = 0; i < 200; i++) {
                Socket c = Clients.connect("127.0.0.1", s.port());
                c.setSoLinger(true, 0);
                if (i % 2 == 0) {
                    c.getOutputStream().write(new byte[] {1, 2, 3});
                }
                c.close();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.server().stats().closeCount() < 200 && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
            assertEquals(0, s.server().stats().connectionNum(), "reset connections are closed");
            assertEquals(200, s.server().stats().closeCount());
            try (Socket c = Clients.connect("127.0.0.1", s.port())) {
                c.getOutputStream().write("still serving".getBytes());
                assertEquals("still serving", new String(Clients.readExactly(c.getInputStream(), 13)));
            }
        }
    }

    /**
     * A client writes 10 MiB without reading. The server must stop reading it once its output
     * buffer is full (so the client's writes block), lose nothing, and deliver it all once the
     * client reads.
     */
    @SettingEffect(keys = "socket_buffer_size", modes = "base")
    @Test
    void clientThatWritesWithoutReadingIsPushedBack() throws Exception {
        int total = 10 << 20;
        Server server = echo();
        AtomicLong bufferFull = new AtomicLong();
        AtomicLong bufferEmpty = new AtomicLong();
        server.set(java.util.Map.of("socket_buffer_size", "256K",
                "kernel_socket_recv_buffer_size", "64K", "kernel_socket_send_buffer_size", "64K"));
        server.onBufferFull((srv, fd, r) -> bufferFull.incrementAndGet());
        server.onBufferEmpty((srv, fd, r) -> bufferEmpty.incrementAndGet());
        try (RunningServer s = RunningServer.start(server); Socket c = Clients.connect("127.0.0.1", s.port())) {
            c.setReceiveBufferSize(64 * 1024);
            Flood flood = Flood.start(c, total);
            long stalled = flood.awaitStalled();
            assertTrue(stalled > 0 && stalled < total / 2, "the writer is blocked by back-pressure after " + stalled + " bytes");
            assertTrue(bufferFull.get() >= 1, "onBufferFull fired");
            assertEquals(1, s.server().stats().connectionNum());
            assertEquals(total, flood.readBackAndJoin(), "every byte back, in order");
            assertTrue(bufferEmpty.get() >= 1, "onBufferEmpty fired");
        }
    }
}
