package io.jswoole.ipc.msgqueue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.pipe.SharedQueue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MsgQueuePipeProviderTest {
    private final MsgQueuePipeProvider provider = new MsgQueuePipeProvider();

    @TempDir
    Path base;

    @AfterAll
    static void noQueueIsLeft() {
        SysVQueues.assertNoneLeft();
    }

    @Test
    @Timeout(10)
    void isFoundByItsName() {
        PipeProvider p = Providers.select(PipeProvider.class, "task_ipc_mode", "msgqueue");
        assertInstanceOf(MsgQueuePipeProvider.class, p);
        assertEquals("msgqueue", p.name());
        assertEquals(10, p.priority());
        assertTrue(p.availability().isAvailable(), p.availability().toString());
        assertSame(p.availability(), new MsgQueuePipeProvider().availability(), "probed once");
    }

    @Test
    @Timeout(10)
    void hasNoPointToPointChannels() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> provider.listen(base, "worker-0", null));
        assertEquals("msgqueue carries task_ipc_mode 2 and 3 only; point-to-point pipes use unixsock", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> provider.connect("/nowhere", null));
    }

    @Test
    @Timeout(10)
    void theKeyComesFromTheRunDirectoryName() {
        assertEquals(0x4A000000 | 1234, QueueKeys.keyOf(Path.of("/tmp/jswoole-1234")));
        assertEquals(0x4A000000 | 1 << 22 | 1234, QueueKeys.keyOf(Path.of("/tmp/jswoole-1234-2")));
        assertEquals(0x4A000000 | 3 << 22 | 4194303, QueueKeys.keyOf(Path.of("jswoole-4194303-4")));
        assertEquals(4194303, QueueKeys.pidOf(QueueKeys.keyOf(Path.of("jswoole-4194303-4"))));
        assertTrue(QueueKeys.isOurs(QueueKeys.keyOf(Path.of("jswoole-1-3"))));
        assertFalse(QueueKeys.isOurs(0x12345678));
        for (String bad : new String[] {"run", "jswoole-", "jswoole-x", "jswoole-0", "jswoole-4194304", "jswoole-12-5",
            "jswoole-12-0", "jswoole-12-3-1"}) {
            assertThrows(IllegalArgumentException.class, () -> QueueKeys.keyOf(Path.of(bad)), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> provider.createQueue(base, base));
    }

    @Test
    @Timeout(10)
    void openingAQueueThatIsNotThereFails() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> provider.openQueue("not-a-number", base));
        assertThrows(IllegalArgumentException.class, () -> provider.openQueue("-1", base));
        SharedQueue q = provider.createQueue(SysVQueues.runDir(base), base);
        String address = q.address();
        SysVQueues.idOf(q);
        q.remove();
        assertThrows(ClosedChannelException.class, () -> provider.openQueue(address, base));
    }

    @Test
    @Timeout(30)
    void createQueueRemovesTheQueueOfADeadServer() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        long deadPid = gone.pid();
        assertFalse(ProcessHandle.of(deadPid).isPresent(), "the pid of a reaped process is free");
        Path oldSpill = base.resolve("old-spill");
        int stale = SysVQueues.createRaw(QueueKeys.key(deadPid, 1));
        SharedQueue q = null;
        try {
            // It holds a small message and a spilled one, as a killed server's queue may.
            MsgQueue old = new MsgQueue(stale, oldSpill, 16384);
            assertTrue(old.send(1, ByteBuffer.wrap(new byte[] {1, 2, 3}), 0));
            assertTrue(old.send(1, ByteBuffer.allocate(100_000), 0));
            assertEquals(1, SysVQueues.count(oldSpill));

            q = provider.createQueue(SysVQueues.runDir(base), base.resolve("spill"));
            SysVQueues.idOf(q);
            assertFalse(SysVQueues.exists(stale), "the queue of the dead server was removed");
            SysVQueues.assertEmpty(oldSpill);
        } finally {
            SysVQueues.removeRaw(stale);
            if (q != null) {
                q.remove();
            }
        }
    }

    @Test
    @Timeout(30)
    void createQueueRemovesALeftoverWithItsOwnKeyAndKeepsThoseOfLiveServers() throws Exception {
        Process live = new ProcessBuilder("sleep", "60").start();
        int leftover = SysVQueues.createRaw(QueueKeys.keyOf(SysVQueues.runDir(base)));
        int alive = SysVQueues.createRaw(QueueKeys.key(live.pid(), 1));
        SharedQueue q = null;
        try {
            q = provider.createQueue(SysVQueues.runDir(base), base);
            int id = SysVQueues.idOf(q);
            assertNotEquals(leftover, id);
            assertFalse(SysVQueues.exists(leftover), "the leftover with this server's own key was removed");
            assertTrue(SysVQueues.exists(alive), "the queue of a live server is kept");
            assertEquals(QueueKeys.keyOf(SysVQueues.runDir(base)), SysVQueues.onSystem().get(id));
        } finally {
            SysVQueues.removeRaw(leftover);
            SysVQueues.removeRaw(alive);
            if (q != null) {
                q.remove();
            }
            live.destroyForcibly();
            live.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(10)
    void aSecondServerOfTheJvmGetsItsOwnQueue() throws IOException {
        long pid = ProcessHandle.current().pid();
        SharedQueue first = provider.createQueue(base.resolve("jswoole-" + pid), base);
        try {
            SharedQueue second = provider.createQueue(base.resolve("jswoole-" + pid + "-2"), base);
            try {
                SysVQueues.idOf(first);
                SysVQueues.idOf(second);
                assertNotEquals(first.address(), second.address());
                assertTrue(first.send(1, ByteBuffer.wrap(new byte[] {7}), 0));
                assertEquals(0, second.pending());
                assertArrayEquals(new byte[] {7}, first.receive(1, false));
            } finally {
                second.remove();
            }
        } finally {
            first.remove();
        }
    }
}
