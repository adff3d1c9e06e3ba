package io.jswoole.ipc.msgqueue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.pipe.SharedQueue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MsgQueueTest {
    private final MsgQueuePipeProvider provider = new MsgQueuePipeProvider();

    @TempDir
    Path base;
    Path spill;
    SharedQueue queue;

    @BeforeEach
    void create() throws IOException {
        spill = Files.createDirectory(base.resolve("spill"));
        queue = provider.createQueue(SysVQueues.runDir(base), spill);
        SysVQueues.idOf(queue);
    }

    @AfterEach
    void remove() throws IOException {
        queue.remove();
        assertFalse(SysVQueues.exists(Integer.parseInt(queue.address())));
    }

    @AfterAll
    static void noQueueIsLeft() {
        SysVQueues.assertNoneLeft();
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(10)
    void aMessageGoesFromOneHandleToAnother() throws IOException {
        assertTrue(queue.address().matches("\\d+"), queue.address());
        try (SharedQueue opened = provider.openQueue(queue.address(), spill)) {
            assertEquals(queue.address(), opened.address());
            ByteBuffer hello = text("hello");
            assertTrue(queue.send(1, hello, 0));
            assertEquals(0, hello.position(), "the message's position is left alone");
            assertTrue(queue.send(1, ByteBuffer.allocate(0), 0));
            ByteBuffer direct = ByteBuffer.allocateDirect(64).put("direct".getBytes(StandardCharsets.UTF_8)).flip();
            assertTrue(opened.send(1, direct, 0));
            assertEquals(3, queue.pending());
            assertEquals(3, opened.pending());
            assertEquals("hello", text(opened.receive(1, true)));
            assertArrayEquals(new byte[0], opened.receive(1, false));
            assertEquals("direct", text(queue.receive(1, false)));
            assertNull(opened.receive(1, false), "empty");
            assertEquals(0, queue.pending());
        }
    }

    @Test
    @Timeout(10)
    void theLargestInlineMessageAndTheSmallestSpilledOneArriveWhole() throws IOException {
        int inline = SysV.MSGMAX - 1;
        byte[] a = new byte[inline];
        byte[] b = new byte[inline + 1];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        assertTrue(queue.send(4, ByteBuffer.wrap(a), 0));
        assertEquals(0, SysVQueues.count(spill), "msgmax - 1 bytes fit one message");
        assertArrayEquals(a, queue.receive(4, false));
        assertTrue(queue.send(4, ByteBuffer.wrap(b), 0));
        assertEquals(1, SysVQueues.count(spill), "one more byte is spilled");
        assertArrayEquals(b, queue.receive(4, false));
        SysVQueues.assertEmpty(spill);
    }

    @Test
    @Timeout(10)
    void aHeaderAndABodyTravelAsOneMessageAndComeApartAgain() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(12).putInt(7).putLong(42).flip();
        ByteBuffer body = text("the body");
        assertTrue(queue.send(2, header, body, 0));
        assertEquals(0, header.position(), "the header's position is left alone");
        assertEquals(0, body.position(), "the body's position is left alone");
        byte[] whole = queue.receive(2, false);
        assertEquals(12 + 8, whole.length);
        assertEquals("the body", new String(whole, 12, 8, StandardCharsets.UTF_8));

        // Inline and through a spill file (one byte over the inline limit), split on receipt.
        for (int bodyLength : new int[] {0, 100, SysV.MSGMAX - 1 - 12, SysV.MSGMAX - 12}) {
            byte[] b = new byte[bodyLength];
            new Random(bodyLength).nextBytes(b);
            assertTrue(queue.send(3, header, ByteBuffer.wrap(b), 0));
            ByteBuffer into = ByteBuffer.allocate(12);
            assertArrayEquals(b, queue.receive(3, false, into), "body of " + bodyLength + " bytes");
            assertEquals(12, into.position());
            assertEquals(7, into.getInt(0));
            assertEquals(42, into.getLong(4));
        }
        SysVQueues.assertEmpty(spill);

        assertNull(queue.receive(3, false, ByteBuffer.allocate(12)), "nothing waits");
        assertTrue(queue.send(3, text("short"), 0));
        assertThrows(IOException.class, () -> queue.receive(3, false, ByteBuffer.allocate(12)),
                "a message shorter than the header is an error, not a short header");
    }

    @Test
    @Timeout(10)
    void typesAreKeptApart() throws IOException {
        assertTrue(queue.send(1, text("a"), 0));
        assertTrue(queue.send(2, text("b"), 0));
        assertTrue(queue.send(1, text("c"), 0));
        assertEquals("b", text(queue.receive(2, false)));
        assertNull(queue.receive(2, false));
        assertEquals("a", text(queue.receive(1, false)));
        assertEquals("c", text(queue.receive(1, false)));
        assertNull(queue.receive(1, false));
        assertThrows(IllegalArgumentException.class, () -> queue.send(0, text("x"), 0));
        assertThrows(IllegalArgumentException.class, () -> queue.receive(0, false));
        assertThrows(IllegalArgumentException.class, () -> queue.send(1, text("x"), -1));
    }

    @Test
    @Timeout(30)
    void twoReceiversOfOneTypeTakeEachMessageOnce() throws Exception {
        int count = 5000;
        Set<String> taken = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> receivers = new ArrayList<>();
        int[] perReceiver = new int[2];
        for (int r = 0; r < 2; r++) {
            int index = r;
            Thread t = new Thread(() -> {
                try (SharedQueue own = provider.openQueue(queue.address(), spill)) {
                    for (String m; !(m = text(own.receive(3, true))).equals("stop"); ) {
                        if (!taken.add(m)) {
                            duplicates.incrementAndGet();
                        }
                        perReceiver[index]++;
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "receiver-" + r);
            t.start();
            receivers.add(t);
        }
        // Type 4 traffic in between must not reach them.
        for (int i = 0; i < count; i++) {
            assertTrue(queue.send(3, text("m" + i), 10_000), "room within 10 s");
            if (i % 100 == 0) {
                assertTrue(queue.send(4, text("other"), 10_000));
            }
        }
        assertTrue(queue.send(3, text("stop"), 10_000));
        assertTrue(queue.send(3, text("stop"), 10_000));
        for (Thread t : receivers) {
            t.join(20_000);
            assertFalse(t.isAlive());
        }
        assertNull(failure.get());
        assertEquals(0, duplicates.get());
        assertEquals(count, taken.size());
        assertEquals(count, perReceiver[0] + perReceiver[1]);
        assertEquals(count / 100, queue.pending(), "the type 4 messages are still there");
    }

    @Test
    @Timeout(30)
    void aMessageOfOneMebibyteGoesThroughASpillFile() throws IOException {
        byte[] big = new byte[1 << 20];
        new Random(42).nextBytes(big);
        ByteBuffer message = ByteBuffer.wrap(big);
        assertTrue(queue.send(7, message, 0));
        assertEquals(0, message.position());
        assertEquals(1, queue.pending());
        List<Path> files;
        try (var s = Files.list(spill)) {
            files = s.toList();
        }
        assertEquals(1, files.size());
        Path file = files.get(0);
        assertTrue(file.getFileName().toString().startsWith("jswoole-spill-" + ProcessHandle.current().pid() + "-"),
                file.toString());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        assertEquals(big.length, Files.size(file));

        try (SharedQueue other = provider.openQueue(queue.address(), spill)) {
            assertArrayEquals(big, other.receive(7, true));
        }
        SysVQueues.assertEmpty(spill);
    }

    @Test
    @Timeout(30)
    void removingDiscardsWaitingMessagesAndTheirSpillFiles() throws IOException {
        assertTrue(queue.send(1, ByteBuffer.allocate(100_000), 0));
        assertTrue(queue.send(2, ByteBuffer.allocate(50_000), 0));
        assertTrue(queue.send(2, text("small"), 0));
        assertEquals(2, SysVQueues.count(spill));
        SharedQueue opened = provider.openQueue(queue.address(), spill);
        queue.remove();
        SysVQueues.assertEmpty(spill);
        assertFalse(SysVQueues.exists(Integer.parseInt(queue.address())));
        queue.remove(); // idempotent
        opened.remove(); // another handle: the queue is already gone, which is fine
        assertThrows(ClosedChannelException.class, () -> queue.send(1, text("late"), 0));
        assertThrows(ClosedChannelException.class, () -> queue.receive(1, false));
        assertThrows(ClosedChannelException.class, () -> queue.pending());
        SharedQueue stale = new MsgQueue(Integer.parseInt(queue.address()), spill, 16384);
        assertThrows(ClosedChannelException.class, () -> stale.send(1, text("late"), 0));
        assertThrows(ClosedChannelException.class, () -> stale.receive(1, false));
        assertThrows(ClosedChannelException.class, () -> stale.pending());
    }

    @Test
    @Timeout(10)
    void aClosedHandleRefusesCallsButTheQueueStays() throws IOException {
        SharedQueue opened = provider.openQueue(queue.address(), spill);
        opened.close();
        opened.close();
        assertThrows(ClosedChannelException.class, () -> opened.send(1, text("x"), 0));
        assertThrows(ClosedChannelException.class, () -> opened.receive(1, false));
        assertTrue(queue.send(1, text("still here"), 0));
        assertEquals("still here", text(queue.receive(1, false)));
    }

    @Test
    @Timeout(30)
    void aFullQueuePushesBackUntilAReceiverMakesRoom() throws Exception {
        ByteBuffer chunk = ByteBuffer.allocate(4000);
        int sent = 0;
        while (queue.send(1, chunk, 0)) {
            sent++;
            assertTrue(sent < 10_000, "the queue never filled");
        }
        assertTrue(sent > 0);
        // Fill what is left to the last byte, so that even a spilled message's path finds no room.
        while (queue.send(2, ByteBuffer.allocate(0), 0)) {
            sent++;
            assertTrue(sent < 100_000, "the queue never filled");
        }

        long t0 = System.nanoTime();
        assertFalse(queue.send(1, chunk, 0));
        long noWait = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(noWait < 100, "timeout 0 returns at once, took " + noWait + " ms");

        t0 = System.nanoTime();
        assertFalse(queue.send(1, chunk, 200));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waited >= 195 && waited < 1500, "timeout 200 ms waited " + waited + " ms");

        // A spilled message that finds no room leaves no spill file behind.
        assertFalse(queue.send(1, ByteBuffer.allocate(100_000), 50));
        SysVQueues.assertEmpty(spill);
        assertEquals(sent, queue.pending());

        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread receiver = new Thread(() -> {
            try (SharedQueue own = provider.openQueue(queue.address(), spill)) {
                started.countDown();
                Thread.sleep(300);
                own.receive(1, true);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        receiver.start();
        started.await();
        t0 = System.nanoTime();
        assertTrue(queue.send(1, text("in"), 10_000));
        long untilRoom = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        receiver.join(10_000);
        assertNull(failure.get());
        assertTrue(untilRoom >= 200 && untilRoom < 5000, "sent once the receiver drained, after " + untilRoom + " ms");
        assertEquals(sent, queue.pending());
    }

    @Test
    @Timeout(30)
    void aBlockedReceiverWakesWhenTheQueueIsRemoved() throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread receiver = new Thread(() -> {
            try (SharedQueue own = provider.openQueue(queue.address(), spill)) {
                own.receive(5, true);
                outcome.set(new AssertionError("received a message"));
            } catch (Throwable e) {
                outcome.set(e);
            } finally {
                done.countDown();
            }
        }, "blocked-receiver");
        receiver.start();
        assertFalse(done.await(300, TimeUnit.MILLISECONDS), "receive(type, true) waits");
        receiver.interrupt(); // msgrcv ignores interrupts; removing the queue is what wakes it
        assertFalse(done.await(100, TimeUnit.MILLISECONDS));
        queue.remove();
        assertTrue(done.await(10, TimeUnit.SECONDS), "woken by the removal");
        assertInstanceOf(ClosedChannelException.class, outcome.get());
    }

    @Test
    @Timeout(60)
    void anotherJvmOpensTheQueueByItsAddress() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 23) {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), QueueChild.class.getName(),
                queue.address(), spill.toString()));
        Process child = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            byte[] big = new byte[300_000];
            new Random(7).nextBytes(big);
            assertTrue(queue.send(1, text("ping"), 10_000));
            assertTrue(queue.send(1, ByteBuffer.wrap(big), 10_000));
            assertEquals("ping", text(queue.receive(2, true)));
            assertArrayEquals(big, queue.receive(2, true));
            assertTrue(queue.send(1, text("stop"), 10_000));
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue());
            SysVQueues.assertEmpty(spill);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
