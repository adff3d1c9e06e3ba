package io.jswoole.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load generator against a plain java.nio echo server in the test. */
@Timeout(60)
class LoadGeneratorTest {

    private static LoadResult run(int port, int connections, int size, int depth, int threads, Verify verify,
                                  WindowListener listener) throws InterruptedException {
        LoadConfig config = new LoadConfig("127.0.0.1", port, connections, size, depth, threads, 0.3, 1.0, verify,
                true, 5, "test");
        return new LoadGenerator(config).run(listener);
    }

    @Test
    void closedLoopCountsRequestsAndVerifiesEveryByte() throws Exception {
        try (NioEchoServer server = new NioEchoServer(0)) {
            LoadResult r = run(server.port(), 10, 64, 1, 1, Verify.FULL, WindowListener.NONE);
            assertEquals(0, r.errorCount(), r.summary());
            assertEquals(10, r.connectsOk());
            assertEquals(0, r.reconnects());
            assertTrue(r.requests() > 100, r.summary());
            assertEquals(r.requests(), r.latency().getTotalCount());
            assertTrue(r.windowSeconds() > 0.9 && r.windowSeconds() < 1.5, "window " + r.windowSeconds());
            // In a closed loop every request in the window brought its 64 bytes back, give or take one per connection.
            assertTrue(Math.abs(r.bytes() - r.requests() * 64) <= 10 * 64, r.bytes() + " vs " + r.requests());
            // The server echoed at least what was counted (warm-up included).
            assertTrue(server.bytesEchoed() >= r.bytes(), server.bytesEchoed() + " < " + r.bytes());
            assertTrue(r.latencyMicros(50) > 0 && r.latencyMicros(99) >= r.latencyMicros(50));
            assertEquals(0, r.exitStatus());
        }
    }

    @Test
    void pipelinedOverThreadsWithMessagesStraddlingReads() throws Exception {
        try (NioEchoServer server = new NioEchoServer(0)) {
            LoadResult r = run(server.port(), 8, 1000, 8, 2, Verify.FULL, WindowListener.NONE);
            assertEquals(0, r.errorCount(), r.summary());
            assertEquals(8, server.accepted());
            assertTrue(r.requests() > 100, r.summary());
            assertTrue(r.connectionMin() > 0, "a connection starved: " + r.summary());
            assertTrue(r.resultLine().startsWith("RESULT label=test conns=8 size=1000 depth=8 rps="), r.resultLine());
        }
    }

    @Test
    void corruptedEchoIsCountedAndTheConnectionReopened() throws Exception {
        try (NioEchoServer server = new NioEchoServer(10_000)) {
            LoadResult r = run(server.port(), 2, 100, 1, 1, Verify.FULL, WindowListener.NONE);
            assertTrue(r.errors(ErrorKind.MISMATCH) >= 2, r.summary());
            assertTrue(r.reconnects() >= 2, r.summary());
            assertEquals(1, r.exitStatus());
        }
    }

    @Test
    void sampledCheckCatchesAShiftedStream() throws Exception {
        // The flipped byte is the first of a 200-byte read: inside the sampled first 16 bytes.
        try (NioEchoServer server = new NioEchoServer(2_000)) {
            LoadResult r = run(server.port(), 1, 200, 1, 1, Verify.SAMPLED, WindowListener.NONE);
            assertTrue(r.errors(ErrorKind.MISMATCH) >= 1, r.summary());
        }
    }

    @Test
    void refusedConnectionsAreCountedNotFatal() throws Exception {
        int port;
        try (NioEchoServer server = new NioEchoServer(0)) {
            port = server.port();
        }
        LoadResult r = run(port, 3, 64, 1, 1, Verify.FULL, WindowListener.NONE);
        assertEquals(0, r.requests());
        assertTrue(r.errors(ErrorKind.CONNECT) >= 3, r.summary());
        assertEquals(2, r.exitStatus());
    }

    @Test
    void theWindowIsAnnouncedOnceEachWay() throws Exception {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        try (NioEchoServer server = new NioEchoServer(0)) {
            run(server.port(), 2, 64, 1, 1, Verify.NONE, new WindowListener() {
                @Override
                public void windowStarted() {
                    assertEquals(0, ended.get());
                    started.incrementAndGet();
                }

                @Override
                public void windowEnded() {
                    ended.incrementAndGet();
                }
            });
        }
        assertEquals(1, started.get());
        assertEquals(1, ended.get());
    }
}
