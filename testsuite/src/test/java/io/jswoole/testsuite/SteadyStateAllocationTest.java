package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.settings.Keys;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.testing.Await;
import io.jswoole.testing.RunningServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;

/**
 * In steady state the receive → callback → send path of a base-mode worker allocates nothing per
 * request: echo requests over real sockets, and the bytes the worker's loop thread allocated
 * (as the JVM counts them) divided by the requests stay under a few bytes each. The {@code byte[]}
 * form of onReceive, which copies every packet into a new array, is measured the same way and
 * must show its allocation, so that the measure itself is known to work.
 */
@Timeout(120)
class SteadyStateAllocationTest {
    private static final int CONNECTIONS = 4;
    private static final int WARMUP_ROUNDS = 15_000;
    private static final int MEASURED_ROUNDS = 10_000;
    /** Bytes per request allowed on the path without copies (timers and the like, spread over all requests). */
    private static final double MAX_BYTES_PER_REQUEST = 8;

    @ReactorTest
    void viewEchoOf64BytesAllocatesNothingPerRequest(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        double perRequest = measure(reactor, false, 64, Map.of());
        assertTrue(perRequest < MAX_BYTES_PER_REQUEST, "allocated " + perRequest + " bytes per request");
    }

    @ReactorTest
    void viewEchoOf16KiBAllocatesNothingPerRequest(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        double perRequest = measure(reactor, false, 16 * 1024, Map.of());
        assertTrue(perRequest < MAX_BYTES_PER_REQUEST, "allocated " + perRequest + " bytes per request");
    }

    @ReactorTest
    void lengthFramedViewEchoAllocatesNothingPerRequest(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        double perRequest = measure(reactor, false, 64, Map.of(Keys.OPEN_LENGTH_CHECK.key(), true,
                Keys.PACKAGE_LENGTH_TYPE.key(), "N", Keys.PACKAGE_BODY_OFFSET.key(), 4));
        assertTrue(perRequest < MAX_BYTES_PER_REQUEST, "allocated " + perRequest + " bytes per request");
    }

    @ReactorTest
    void arrayEchoShowsItsCopies(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        double perRequest = measure(reactor, true, 64, Map.of());
        assertTrue(perRequest >= 64, "the byte[] form allocated only " + perRequest
                + " bytes per request: the measure does not see the array of every packet");
    }

    /** Echoes {@code size}-byte requests; returns the bytes the loop thread allocated per measured request. */
    private static double measure(ReactorProvider reactor, boolean arrays, int size, Map<String, ?> framing)
            throws Exception {
        Server server = new Server("127.0.0.1", 0, SocketType.TCP);
        server.set(Keys.REACTOR, reactor.name());
        server.set(Keys.WORKER_NUM, 1);
        server.set(framing);
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        server.onWorkerStart((srv, id) -> loopThread.set(Thread.currentThread()));
        if (arrays) {
            server.onReceive((srv, fd, r, data) -> srv.send(fd, data));
        } else {
            server.onReceiveBuffer((srv, fd, r, data) -> srv.send(fd, data));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (RunningServer s = RunningServer.start(server)) {
            Await.until(() -> loopThread.get() != null);
            long tid = loopThread.get().getId();
            List<SocketChannel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    clients.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", s.port())));
                }
                ByteBuffer request = request(size, !framing.isEmpty());
                ByteBuffer reply = ByteBuffer.allocateDirect(size);
                echo(clients, request, reply, WARMUP_ROUNDS);
                long before = threads.getThreadAllocatedBytes(tid);
                echo(clients, request, reply, MEASURED_ROUNDS);
                long after = threads.getThreadAllocatedBytes(tid);
                assertTrue(before >= 0 && after >= 0, "thread allocation is not measured on this JVM");
                double perRequest = (double) (after - before) / ((long) MEASURED_ROUNDS * CONNECTIONS);
                System.out.printf("%s, %s form, %d B%s: %.2f bytes allocated per request%n", reactor.name(),
                        arrays ? "byte[]" : "view", size, framing.isEmpty() ? "" : ", length framing", perRequest);
                return perRequest;
            } finally {
                for (SocketChannel c : clients) {
                    c.close();
                }
            }
        }
    }

    private static ByteBuffer request(int size, boolean lengthFramed) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        if (lengthFramed) {
            b.putInt(size - 4);
        }
        while (b.hasRemaining()) {
            b.put((byte) ('a' + b.position() % 26));
        }
        return b.flip();
    }

    /** {@code rounds} times: one request on every connection, then every reply, checked. */
    private static void echo(List<SocketChannel> clients, ByteBuffer request, ByteBuffer reply, int rounds)
            throws IOException {
        for (int round = 0; round < rounds; round++) {
            for (SocketChannel c : clients) {
                request.clear();
                while (request.hasRemaining()) {
                    c.write(request);
                }
            }
            for (SocketChannel c : clients) {
                reply.clear();
                while (reply.hasRemaining()) {
                    if (c.read(reply) < 0) {
                        throw new IOException("the server closed the connection");
                    }
                }
                request.clear();
                assertEquals(request, reply.flip(), "the echo differs");
            }
        }
    }
}
