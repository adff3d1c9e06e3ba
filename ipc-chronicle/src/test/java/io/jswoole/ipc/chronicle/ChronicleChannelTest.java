package io.jswoole.ipc.chronicle;

import io.jswoole.testing.PipeFixture;
import static io.jswoole.testing.PipeMessage.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.testing.Await;
import io.jswoole.testing.PipeDriver;
import io.jswoole.testing.PipeMessage;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The PipeChannel contract over chronicle links, both ends driven by one nio poller. */
@Timeout(60)
class ChronicleChannelTest {
    @TempDir
    Path shm;
    @TempDir
    Path runDir;

    private PipeFixture pipes;
    /** A payload too large for the default ring (more than a quarter of it): it goes through the queue. */
    private static final int QUEUED = PayloadRing.DEFAULT_SIZE / 4;

    @BeforeEach
    void open() throws IOException {
        pipes = ChronicleLinks.open(shm, runDir);
    }

    @AfterEach
    void close() throws Exception {
        if (pipes != null) {
            pipes.close();
        }
    }

    @Test
    void everyHeaderFieldAndPayloadGoesBothWays() throws IOException {
        PipeDriver[] ends = pipes.pair();
        List<PipeMessage> sent = List.of(
                new PipeMessage(0, 0, 0, 0, new byte[0]),
                new PipeMessage(255, 255, 65535, -1, bytes(1, 1)),
                new PipeMessage(1, 128, 32768, Integer.MIN_VALUE, bytes(2, 100)),
                new PipeMessage(42, 7, 3, Integer.MAX_VALUE, bytes(3, 70_000)));
        sendAll(ends[0], sent);
        pipes.pollUntil(() -> ends[1].received.size() == sent.size());
        assertEquals(sent, ends[1].received);

        sendAll(ends[1], List.copyOf(ends[1].received));
        pipes.pollUntil(() -> ends[0].received.size() == sent.size());
        assertEquals(sent, ends[0].received);
    }

    @Test
    void twentyThousandMessagesKeepTheirOrderAndBoundaries() throws IOException {
        PipeDriver[] ends = pipes.pair();
        Random random = new Random(42);
        List<PipeMessage> sent = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            sent.add(new PipeMessage(i & 0xff, (i >> 8) & 0xff, (i * 7) & 0xffff, i, bytes(i, random.nextInt(1500))));
        }
        sendAll(ends[0], sent);
        pipes.pollUntil(() -> ends[1].received.size() >= sent.size());
        assertEquals(sent, ends[1].received);
        assertEquals(0, ends[0].channel.queuedBytes(), "everything was taken");
    }

    @Test
    void largePayloadsArriveWholeUpToTheMaximum() throws IOException {
        PipeDriver[] ends = pipes.pair();
        List<PipeMessage> sent = List.of(
                new PipeMessage(1, 0, 0, 1, bytes(11, 1 << 20)),
                new PipeMessage(2, 0, 0, 2, bytes(12, ChronicleChannel.MAX_MESSAGE_SIZE)),
                new PipeMessage(3, 0, 0, 3, bytes(13, 100)));
        sendAll(ends[0], sent);
        pipes.pollUntil(() -> ends[1].received.size() == sent.size());
        assertEquals(sent, ends[1].received);
        assertEquals(0, ((ChronicleChannel) ends[1].channel).copies(), "read in place, not copied");
        assertThrows(IllegalArgumentException.class,
                () -> ends[0].channel.offer(1, 0, 0, 4, ByteBuffer.allocate(ChronicleChannel.MAX_MESSAGE_SIZE + 1)));
    }

    /**
     * A ring of 16 KiB gone round hundreds of times by a writer a batch ahead of its reader (so the
     * ring is never empty and the writer wraps at the end of the file): every message comes
     * through it, whole and in order.
     */
    @Test
    void messagesGoThroughTheRingAroundAndAroundInOrder() throws IOException {
        pipes.close();
        pipes = ChronicleLinks.open("nio", shm, runDir, ChronicleChannel.DEFAULT_QUEUE_LIMIT, 16 << 10);
        PipeDriver[] ends = pipes.pair(false);
        ChronicleChannel reader = (ChronicleChannel) ends[1].channel;
        List<PipeMessage> received = new ArrayList<>();
        Random random = new Random(7);
        List<PipeMessage> sent = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            PipeMessage m = new PipeMessage(i & 0xff, 3, i & 0xffff, i, bytes(i, random.nextInt(3000)));
            assertTrue(ends[0].offer(m));
            sent.add(m);
            if (i % 2 == 1) { // the reader takes what was published, then two more are published: never empty
                receiveAll(reader, received);
                ends[0].flush();
            }
        }
        ends[0].flush();
        receiveAll(reader, received);
        assertEquals(sent, received);
        assertEquals(sent.size(), reader.fromRing(), "none had to go through the queue");
    }

    /** A writer whose reader keeps up goes back to the start of its ring: it keeps using its first pages. */
    @Test
    void aReaderThatKeepsUpKeepsTheRingOnItsFirstPages() throws IOException {
        PipeDriver[] ends = pipes.pair();
        for (int i = 0; i < 20_000; i++) {
            assertTrue(ends[0].offer(new PipeMessage(1, 0, 0, i, bytes(i, 200))));
            if (i % 10 == 9) {
                ends[0].flush();
                int n = i + 1;
                pipes.pollUntil(() -> ends[1].received.size() == n);
            }
        }
        ChronicleChannel writer = (ChronicleChannel) ends[0].channel;
        assertEquals(20_000, ((ChronicleChannel) ends[1].channel).fromRing());
        assertTrue(writer.ringBacked() <= 64 << 10, "4 MB went through " + writer.ringBacked() + " bytes of the ring");
    }

    /** Takes every message published so far (they fit in one call's budget). */
    private static void receiveAll(ChronicleChannel reader, List<PipeMessage> into) throws IOException {
        reader.receive((t, f, r, session, p) -> into.add(PipeMessage.copyOf(t, f, r, session, p)));
    }

    /** A reader that does not read: the writer's ring fills, and the messages after go inline, behind the ones in the ring. */
    @Test
    void aFullRingSendsTheRestInlineInOrder() throws IOException {
        pipes.close();
        pipes = ChronicleLinks.open("nio", shm, runDir, ChronicleChannel.DEFAULT_QUEUE_LIMIT, 16 << 10);
        PipeDriver[] ends = pipes.pair(false);
        List<PipeMessage> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(new PipeMessage(1, 0, 0, i, bytes(i, 3000))); // 3,016 bytes in the ring: five fit in 16 KiB
            assertTrue(ends[0].offer(sent.get(i)));
            if (i == 2) {
                ends[0].flush(); // two documents
            }
        }
        ends[0].flush();
        ChronicleChannel reader = (ChronicleChannel) ends[1].channel;
        List<PipeMessage> received = new ArrayList<>();
        pipes.pollUntil(() -> {
            try {
                reader.receive((t, f, r, session, p) -> received.add(PipeMessage.copyOf(t, f, r, session, p)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return received.size() == sent.size();
        });
        assertEquals(sent, received);
        assertEquals(5, reader.fromRing());
    }

    /** A message in the ring whose length cannot be (a corrupted ring) fails the reading side. */
    @Test
    void aCorruptedRingClosesTheLinkWithAnError() throws Exception {
        PipeDriver[] ends = pipes.pair();
        ChronicleChannel writer = (ChronicleChannel) ends[0].channel;
        assertTrue(ends[0].offer(new PipeMessage(1, 0, 0, 1, bytes(1, 10)))); // at the start of the ring
        try (FileChannel ring = FileChannel.open(PayloadRing.file(writer.linkDir(), ControlBlock.UP), StandardOpenOption.WRITE)) {
            ring.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, 1 << 30), 0);
        }
        ends[0].flush();
        pipes.pollUntil(() -> ends[1].failure() != null);
        assertTrue(ends[1].failure().getMessage().contains("malformed message"), ends[1].failure().getMessage());
        assertTrue(ends[1].received.isEmpty());
    }

    /** Messages too large for the ring go through the queue, between the ones before and after them. */
    @Test
    void largeMessagesGoThroughTheQueueInTheirPlace() throws IOException {
        PipeDriver[] ends = pipes.pair();
        List<PipeMessage> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sent.add(new PipeMessage(1, 0, 0, i, bytes(i, i % 3 == 1 ? QUEUED + i : 100 * i)));
        }
        sendAll(ends[0], sent);
        pipes.pollUntil(() -> ends[1].received.size() == sent.size());
        assertEquals(sent, ends[1].received);
        assertEquals(8, ((ChronicleChannel) ends[1].channel).fromRing());
    }

    @Test
    void offerCopiesThePayloadAndLeavesItsPositionAlone() throws IOException {
        PipeDriver[] ends = pipes.pair();
        for (ByteBuffer payload : new ByteBuffer[] {ByteBuffer.allocateDirect(10), ByteBuffer.allocate(10)}) {
            payload.put(new byte[] {9, 9, 1, 2, 3, 4, 5, 6, 9, 9}).position(2).limit(8);
            assertTrue(ends[0].channel.offer(1, 0, 0, 5, payload));
            assertEquals(2, payload.position());
            assertEquals(8, payload.limit());
            payload.put(2, (byte) 77); // changing it after the offer changes nothing sent
        }
        ends[0].flush();
        pipes.pollUntil(() -> ends[1].received.size() == 2);
        for (PipeMessage m : ends[1].received) {
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, m.payload());
        }
    }

    @Test
    void theHandlerGetsAReadOnlyViewOfTheBytesInTheMappedFile() throws IOException {
        PipeDriver[] ends = pipes.pair(false); // received here, not by the driver
        ChronicleChannel server = (ChronicleChannel) ends[1].channel;
        assertTrue(ends[0].channel.offer(1, 0, 0, 1, ByteBuffer.wrap(bytes(1, 300))));
        ends[0].channel.flush();
        ByteBuffer[] seen = new ByteBuffer[1];
        pipes.pollUntil(() -> {
            try {
                server.receive((t, f, r, s, p) -> {
                    assertTrue(p.isReadOnly() && p.isDirect());
                    assertEquals(ByteOrder.BIG_ENDIAN, p.order(), "a ByteBuffer's default order, whatever the machine's");
                    assertEquals(300, p.remaining());
                    assertTrue(p.position() > 0, "the payload's offset in the cycle file, not a copy at 0");
                    seen[0] = p;
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return seen[0] != null;
        });
        assertEquals(0, server.copies());
    }

    @Test
    void offerRejectsFieldsThatDoNotFitTheHeader() throws IOException {
        PipeChannel client = pipes.pair()[0].channel;
        ByteBuffer empty = ByteBuffer.allocate(0);
        assertThrows(IllegalArgumentException.class, () -> client.offer(256, 0, 0, 0, empty));
        assertThrows(IllegalArgumentException.class, () -> client.offer(-1, 0, 0, 0, empty));
        assertThrows(IllegalArgumentException.class, () -> client.offer(0, 256, 0, 0, empty));
        assertThrows(IllegalArgumentException.class, () -> client.offer(0, 0, 65536, 0, empty));
        assertEquals(0, client.queuedBytes());
    }

    @Test
    void aFullLinkRefusesOffersUntilThePeerReads() throws Exception {
        pipes.close();
        int limit = 256 * 1024;
        pipes = ChronicleLinks.open(shm, runDir, limit);
        PipeDriver[] ends = pipes.pair(false);
        PipeDriver client = ends[0];
        PipeDriver server = ends[1];
        List<PipeMessage> accepted = new ArrayList<>();
        for (int session = 0; ; session++) {
            PipeMessage m = new PipeMessage(1, 0, 0, session, bytes(session, 1000));
            if (!client.offer(m)) {
                break;
            }
            accepted.add(m);
            assertTrue(accepted.size() < 100_000, "offers never pushed back");
        }
        long unread = client.channel.queuedBytes();
        assertTrue(unread > limit && unread <= limit + MessageHeader.SIZE + 1000, "unread " + unread);
        assertFalse(client.channel.flush(), "the peer is not reading: no room");

        server.startReading();
        pipes.pollUntil(() -> client.channel.queuedBytes() == 0);
        assertTrue(client.channel.flush());
        PipeMessage after = new PipeMessage(2, 0, 0, -1, bytes(0, 1000));
        assertTrue(client.offer(after), "offers are taken again once the reader took the rest");
        accepted.add(after);
        client.flush();
        pipes.pollUntil(() -> server.received.size() == accepted.size());
        assertEquals(accepted, server.received);
    }

    @Test
    void aWriterWaitingForRoomSleepsUntilTheReaderHasTakenEnough() throws Exception {
        pipes.close();
        int limit = 64 * 1024;
        pipes = ChronicleLinks.open(shm, runDir, limit);
        PipeDriver[] ends = pipes.pair(false);
        PipeDriver client = ends[0];
        PipeDriver server = ends[1];
        int offered = 0;
        while (client.offer(new PipeMessage(1, 0, 0, offered, bytes(offered, 1000)))) {
            offered++;
        }
        assertFalse(client.flush(), "no room: the writer waits");
        assertEquals(Poller.READ, client.channel.roomReadiness());
        int before = client.wakeUps();
        for (int i = 0; i < 20; i++) {
            pipes.poller.poll(0);
        }
        assertEquals(before, client.wakeUps(), "a writer waiting for room is not woken while nothing is read");

        server.startReading();
        int sent = offered;
        pipes.pollUntil(() -> server.received.size() == sent);
        pipes.pollUntil(() -> client.wakeUps() > before);
        assertEquals(0, client.channel.queuedBytes());
        assertTrue(client.offer(new PipeMessage(2, 0, 0, -1, bytes(0, 1000))), "room again");
    }

    /** A document no message fits in (a corrupted queue) fails the reading side with an IOException that says so. */
    @Test
    void aMalformedDocumentClosesTheLinkWithAnError() throws Exception {
        PipeDriver[] ends = pipes.pair();
        ChronicleChannel writer = (ChronicleChannel) ends[0].channel;
        Path up = writer.linkDir().resolve(ChronicleChannel.queueName(ControlBlock.UP));
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(up).rollCycle(TestRollCycles.TEST_SECONDLY)
                .blockSize(ChronicleChannel.BLOCK_SIZE).build();
             ExcerptAppender a = q.createAppender();
             DocumentContext dc = a.writingDocument()) {
            dc.wire().bytes().writeByte((byte) 1).writeByte((byte) 2).writeByte((byte) 3);
        }
        assertTrue(ends[0].offer(new PipeMessage(1, 0, 0, 1, bytes(1, QUEUED))));
        ends[0].flush(); // rings the sleeping reader, which meets the bad document first
        pipes.pollUntil(() -> ends[1].failure() != null);
        assertTrue(ends[1].failure().getMessage().contains("malformed message"), ends[1].failure().getMessage());
        assertTrue(ends[1].received.isEmpty(), "nothing after the bad document is delivered");
    }

    @Test
    void aWriterThatDiedCreatingTheNextQueueFileNeitherStallsNorConfusesItsReader() throws Exception {
        PipeDriver[] ends = pipes.pair();
        ChronicleChannel writer = (ChronicleChannel) ends[0].channel;
        Path up = writer.linkDir().resolve(ChronicleChannel.queueName(ControlBlock.UP));
        assertTrue(ends[0].offer(new PipeMessage(1, 0, 0, 0, bytes(1, QUEUED))));
        ends[0].flush();
        pipes.pollUntil(() -> ends[1].received.size() == 1);
        List<Path> before = cycleFiles(up);
        long second = System.currentTimeMillis() / 1000;
        Await.until(() -> System.currentTimeMillis() / 1000 > second); // the queues roll every second
        assertTrue(ends[0].offer(new PipeMessage(1, 0, 0, 1, bytes(2, QUEUED)))); // opens a document in a new file
        List<Path> created = new ArrayList<>(cycleFiles(up));
        created.removeAll(before);
        assertEquals(1, created.size(), "one new cycle file: " + created);
        // As the file is when its writer is killed between creating it and completing its header.
        try (FileChannel file = FileChannel.open(created.get(0), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x8000_0000), 0);
        }
        long start = System.nanoTime();
        assertTrue(ends[1].channel.receive((t, f, r, s, p) -> fail("nothing more was published")));
        writer.pollable().close(); // the dead writer's doorbell
        pipes.pollUntil(ends[1]::finished);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ends[1].ended(), "ended, not failed: " + ends[1].failure());
        assertEquals(1, ends[1].received.size());
        assertTrue(millis < 5_000, "the reader waited " + millis + " ms for a file nobody will finish");
    }

    private static List<Path> cycleFiles(Path queue) throws IOException {
        return list(queue).stream().filter(p -> p.toString().endsWith(".cq4")).toList();
    }

    @Test
    void anEmptyLinkTakesAMessageLargerThanTheLimit() throws Exception {
        pipes.close();
        pipes = ChronicleLinks.open(shm, runDir, 1024);
        PipeChannel client = pipes.pair(false)[0].channel;
        assertTrue(client.offer(1, 0, 0, 1, ByteBuffer.allocate(64 * 1024)));
        assertEquals(64 * 1024 + MessageHeader.SIZE, client.queuedBytes());
        assertFalse(client.offer(1, 0, 0, 2, ByteBuffer.allocate(1)), "over the limit now");
    }

    @Test
    void closingOneEndEndsTheOtherAfterEverythingSent() throws IOException {
        PipeDriver[] ends = pipes.pair();
        List<PipeMessage> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sent.add(new PipeMessage(1, 0, 0, i, bytes(i, 300)));
        }
        sendAll(ends[0], sent);
        ends[0].channel.close();
        ends[0].channel.close(); // idempotent
        pipes.pollUntil(ends[1]::finished);
        assertNull(ends[1].failure());
        assertTrue(ends[1].ended());
        assertEquals(sent, ends[1].received);
        assertFalse(ends[1].channel.receive((t, f, r, s, p) -> { }), "stays ended");
    }

    @Test
    void shutdownOutputEndsTheStreamAfterItsMessagesAndTheOtherWayStaysOpen() throws IOException {
        PipeDriver[] ends = pipes.pair(false);
        PipeDriver client = ends[0];
        PipeDriver server = ends[1];
        List<PipeMessage> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add(new PipeMessage(3, 0, 0, i, bytes(i, 4000)));
        }
        sendAll(client, sent);
        client.channel.shutdownOutput();
        assertThrows(IllegalStateException.class, () -> client.offer(new PipeMessage(1, 0, 0, 0, new byte[0])));
        server.startReading();
        pipes.pollUntil(server::finished);
        assertNull(server.failure());
        assertEquals(sent, server.received);

        PipeMessage reply = new PipeMessage(4, 0, 0, 99, bytes(5, 10));
        assertTrue(server.offer(reply));
        assertTrue(server.flush());
        pipes.pollUntil(() -> client.received.size() == 1);
        assertEquals(reply, client.received.get(0));
    }

    @Test
    void aClosedChannelRefusesWork() throws IOException {
        PipeChannel client = pipes.pair()[0].channel;
        client.close();
        assertThrows(IllegalStateException.class, () -> client.offer(0, 0, 0, 0, ByteBuffer.allocate(0)));
        assertThrows(ClosedChannelException.class, client::flush);
        assertThrows(ClosedChannelException.class, () -> client.receive((t, f, r, s, p) -> { }));
        assertEquals(0, client.queuedBytes());
    }

    @Test
    void closingBothEndsAndTheListenerLeavesNoFile() throws Exception {
        PipeDriver[] ends = pipes.pair();
        Path link = ((ChronicleChannel) ends[0].channel).linkDir();
        assertEquals(ChronicleLinks.serverDir(pipes), link.getParent());
        assertTrue(ChronicleLinks.serverDir(pipes).startsWith(shm), "on the tmpfs stand-in: " + ChronicleLinks.serverDir(pipes));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(ChronicleLinks.serverDir(pipes))));
        sendAll(ends[0], List.of(new PipeMessage(1, 0, 0, 1, bytes(1, 5000))));
        pipes.pollUntil(() -> ends[1].received.size() == 1);
        assertTrue(Files.exists(link.resolve("up")));

        ends[0].channel.close();
        assertTrue(Files.exists(link), "the other end is still open");
        ends[1].channel.close();
        assertFalse(Files.exists(link), "the last end to close deletes the link");
        pipes.close();
        pipes = null;
        assertEquals(List.of(), list(shm), "nothing left under the tmpfs stand-in");
    }

    @Test
    void openingAndClosingManyLinksLeavesNoThreadAndNoFile() throws Exception {
        PipeDriver[] first = pipes.pair();
        first[0].channel.close();
        first[1].channel.close();
        int threads = Thread.activeCount();
        for (int i = 0; i < 30; i++) {
            PipeDriver[] ends = pipes.pair();
            sendAll(ends[0], List.of(new PipeMessage(1, 0, 0, i, bytes(i, 100))));
            pipes.pollUntil(() -> ends[1].received.size() == 1);
            ends[0].channel.close();
            ends[1].channel.close();
        }
        assertTrue(Thread.activeCount() <= threads + 2, "threads before " + threads + ", after " + Thread.activeCount());
        assertEquals(List.of(Path.of(pipes.listener.address())), list(ChronicleLinks.serverDir(pipes)));
    }

    @Test
    void withoutTmpfsTheLinksLiveInTheRunDirectory() throws Exception {
        pipes.close();
        pipes = ChronicleLinks.open(null, runDir);
        assertEquals(runDir.resolve("chronicle"), ChronicleLinks.serverDir(pipes));
        PipeDriver[] ends = pipes.pair();
        sendAll(ends[0], List.of(new PipeMessage(1, 0, 0, 1, bytes(1, 10))));
        pipes.pollUntil(() -> ends[1].received.size() == 1);
        pipes.close();
        pipes = null;
        assertEquals(List.of(), list(runDir));
    }

    @Test
    void cycleFilesThatBothSidesPassedAreDeleted() throws IOException {
        PipeDriver[] ends = pipes.pair();
        ChronicleChannel server = (ChronicleChannel) ends[1].channel;
        Path up = server.linkDir().resolve("up");
        // The queues roll every second: send until the reader has left two cycles behind.
        int[] sent = {0};
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (server.cyclesDeleted() < 2) {
            assertTrue(System.nanoTime() - deadline < 0, "no cycle file was deleted");
            assertTrue(ends[0].offer(new PipeMessage(1, 0, 0, sent[0]++, bytes(1, QUEUED))));
            ends[0].flush();
            pipes.pollUntil(() -> ends[1].received.size() == sent[0]);
            pipes.poller.poll(50);
            long cycleFiles = list(up).stream().filter(p -> p.toString().endsWith(".cq4")).count();
            assertTrue(cycleFiles <= 2, "cycle files kept: " + list(up));
        }
    }

    @Test
    void onlyASleepingReaderIsRungAndOncePerSleep() throws IOException {
        PipeDriver[] ends = pipes.pair(false);
        ChronicleChannel writer = (ChronicleChannel) ends[0].channel;
        ChronicleChannel reader = (ChronicleChannel) ends[1].channel;
        List<PipeMessage> got = new ArrayList<>();
        PipeChannel.MessageHandler collect = (t, f, r, s, p) -> got.add(PipeMessage.copyOf(t, f, r, s, p));

        // A new reader has not looked yet: it counts as asleep, so the first flush rings once;
        // the thousand after it find the flag down and ring nobody.
        for (int i = 0; i < 1000; i++) {
            assertTrue(writer.offer(1, 0, 0, i, ByteBuffer.allocate(16)));
            writer.flush();
        }
        assertEquals(1, writer.ringsSent());
        assertTrue(reader.receive(collect));
        assertEquals(1000, got.size());
        assertEquals(1, reader.ringsRead(), "the reader drained the one byte before sleeping");

        // Asleep again: one ring for the next burst, however many flushes it has.
        for (int i = 0; i < 10; i++) {
            writer.offer(1, 0, 0, i, ByteBuffer.allocate(16));
            writer.flush();
        }
        assertEquals(2, writer.ringsSent());

        // A busy reader: one that takes messages as they come and has not gone to sleep since
        // (its receive stops at its budget while more is there) costs the writer nothing.
        int big = 64 << 10;
        for (int i = 0; i < 2 * ChronicleChannel.RECEIVE_BUDGET / big + 2; i++) {
            writer.offer(2, 0, 0, i, ByteBuffer.allocate(big));
            writer.flush();
        }
        got.clear();
        assertTrue(reader.receive(collect));
        assertTrue(got.size() < 10 + 10, "stopped at the budget: " + got.size());
        assertEquals(2, writer.ringsSent());
        for (int i = 0; i < 100; i++) {
            writer.offer(3, 0, 0, i, ByteBuffer.allocate(16));
            writer.flush();
        }
        assertEquals(2, writer.ringsSent(), "no ring for a reader that is not asleep");
        while (got.size() < 10 + 2 * ChronicleChannel.RECEIVE_BUDGET / big + 2 + 100) {
            assertTrue(reader.receive(collect));
        }
        assertEquals(2, reader.ringsRead());
        assertEquals(0, writer.queuedBytes());
    }

    @Test
    void aReaderOnAnotherThreadIsNeverLeftAsleepWithMessagesWaiting() throws Exception {
        PipeChannel writer = pipes.provider.connect(pipes.listener.address(), pipes.transport);
        PipeChannel reader = pipes.acceptOne();
        int total = 20_000;
        java.util.concurrent.CompletableFuture<Long> done = new java.util.concurrent.CompletableFuture<>();
        Thread rx = new Thread(() -> {
            try (io.jswoole.spi.reactor.Poller poller = pipes.reactor.openPoller()) {
                long[] got = {0};
                long[] expected = {0};
                poller.register(reader.pollable(), io.jswoole.spi.reactor.Poller.READ, ops -> {
                    try {
                        reader.receive((t, f, r, s, p) -> {
                            if (s != expected[0]++) {
                                throw new IllegalStateException("session " + s + " out of order");
                            }
                            got[0]++;
                        });
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                while (got[0] < total) {
                    // Blocks: only the doorbell can wake it. Two seconds without a wake-up while the
                    // writer has messages unread would be a lost wake-up.
                    if (poller.poll(2000) == 0 && writer.queuedBytes() > 0) {
                        throw new IllegalStateException("asleep with " + writer.queuedBytes() + " bytes unread");
                    }
                }
                done.complete(got[0]);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "reader");
        rx.setDaemon(true);
        rx.start();
        Random random = new Random(7);
        ByteBuffer payload = ByteBuffer.allocate(32);
        try {
            for (int i = 0; i < total; ) {
                int burst = 1 + random.nextInt(20);
                for (int j = 0; j < burst && i < total; j++) {
                    while (!writer.offer(1, 0, 0, i, payload.clear())) {
                        Thread.onSpinWait();
                    }
                    i++;
                }
                writer.flush();
                if (random.nextBoolean()) {
                    // Wait until the reader took everything: a lost wake-up leaves it asleep with the burst unread.
                    long deadline = System.nanoTime() + 2_000_000_000L;
                    while (writer.queuedBytes() > 0) {
                        assertTrue(System.nanoTime() - deadline < 0 && !done.isDone(),
                                "the reader sleeps with " + writer.queuedBytes() + " bytes unread after message " + i);
                        Thread.onSpinWait();
                    }
                }
                for (int spin = random.nextInt(2000); spin > 0; spin--) {
                    Thread.onSpinWait(); // sometimes the reader is still busy, sometimes it went to sleep
                }
            }
            assertEquals(total, done.get(30, java.util.concurrent.TimeUnit.SECONDS));
            long rings = ((ChronicleChannel) writer).ringsSent();
            System.out.printf("%,d messages in bursts to a reader on another thread: %,d doorbell rings%n", total, rings);
            assertTrue(rings < total, "not one ring per message: " + rings);
        } finally {
            rx.join(5000);
            writer.close();
            reader.close();
        }
    }

    @Test
    void aReaderIsNeverLeftAsleepAcrossQueueRolls() throws Exception {
        PipeChannel writer = pipes.provider.connect(pipes.listener.address(), pipes.transport);
        PipeChannel reader = pipes.acceptOne();
        int total = 400_000; // about three seconds of bursts: the queues roll every second
        java.util.concurrent.CompletableFuture<Long> done = new java.util.concurrent.CompletableFuture<>();
        Thread rx = new Thread(() -> {
            try (io.jswoole.spi.reactor.Poller poller = pipes.reactor.openPoller()) {
                long[] got = {0};
                long[] expected = {0};
                poller.register(reader.pollable(), io.jswoole.spi.reactor.Poller.READ, ops -> {
                    try {
                        reader.receive((t, f, r, s, p) -> {
                            if (s != expected[0]++) {
                                throw new IllegalStateException("session " + s + " out of order");
                            }
                            got[0]++;
                        });
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                while (got[0] < total) {
                    // Blocks: only the doorbell can wake it. Two seconds without a wake-up while the
                    // writer has messages unread would be a lost wake-up.
                    if (poller.poll(2000) == 0 && writer.queuedBytes() > 0) {
                        throw new IllegalStateException("asleep with " + writer.queuedBytes() + " bytes unread");
                    }
                }
                done.complete(got[0]);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "reader");
        rx.setDaemon(true);
        rx.start();
        Random random = new Random(7);
        ByteBuffer payload = ByteBuffer.allocate(32);
        try {
            for (int i = 0; i < total; ) {
                int burst = 1 + random.nextInt(20);
                for (int j = 0; j < burst && i < total; j++) {
                    while (!writer.offer(1, 0, 0, i, payload.clear())) {
                        Thread.onSpinWait();
                    }
                    i++;
                }
                writer.flush();
                if (random.nextBoolean()) {
                    // Wait until the reader took everything: a lost wake-up leaves it asleep with the burst unread.
                    long deadline = System.nanoTime() + 2_000_000_000L;
                    while (writer.queuedBytes() > 0) {
                        assertTrue(System.nanoTime() - deadline < 0 && !done.isDone(),
                                "the reader sleeps with " + writer.queuedBytes() + " bytes unread after message " + i);
                        Thread.onSpinWait();
                    }
                }
                if (i % 500 < 20) {
                    Thread.sleep(1); // stretches the run over several one-second cycles
                }
                for (int spin = random.nextInt(2000); spin > 0; spin--) {
                    Thread.onSpinWait(); // sometimes the reader is still busy, sometimes it went to sleep
                }
            }
            assertEquals(total, done.get(30, java.util.concurrent.TimeUnit.SECONDS));
            long rings = ((ChronicleChannel) writer).ringsSent();
            System.out.printf("%,d messages in bursts across queue rolls: %,d doorbell rings%n", total, rings);
            assertTrue(rings < total, "not one ring per message: " + rings);
        } finally {
            rx.join(5000);
            writer.close();
            reader.close();
        }
    }

    @Test
    void aSleepingReaderIsWokenByItsPoller() throws IOException {
        PipeDriver[] ends = pipes.pair();
        ChronicleChannel writer = (ChronicleChannel) ends[0].channel;
        for (int round = 1; round <= 5; round++) {
            int expected = round;
            assertTrue(ends[0].offer(new PipeMessage(1, 0, 0, round, bytes(round, 10))));
            ends[0].flush();
            pipes.pollUntil(() -> ends[1].received.size() == expected);
            // the reader drained everything and went back to sleep: the next message rings again
            assertEquals(round, writer.ringsSent());
        }
    }

    /** Offers every message in order, flushing, waiting for room whenever an offer is refused. */
    private void sendAll(PipeDriver from, List<PipeMessage> messages) throws IOException {
        for (PipeMessage m : messages) {
            while (!from.offer(m)) {
                from.flush();
                pipes.pollUntil(() -> from.channel.queuedBytes() <= ChronicleChannel.DEFAULT_QUEUE_LIMIT);
            }
        }
        from.flush();
    }

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
