package io.jswoole.ipc.unixsock;

import java.net.UnixDomainSocketAddress;
import io.jswoole.testing.PipeFixture;
import io.jswoole.testing.Await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.testing.PipeDriver;
import io.jswoole.testing.PipeMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class UnixSockChannelTest {
    @TempDir
    Path runDir;

    private PipeFixture pipes;

    @BeforeEach
    void open() throws IOException {
        pipes = new PipeFixture(new UnixSockPipeProvider(), "nio", runDir);
    }

    @AfterEach
    void close() throws Exception {
        pipes.close();
    }

    @Test
    void roundTripKeepsEveryHeaderField() throws IOException {
        PipeDriver[] ends = pipes.pair();
        PipeDriver client = ends[0];
        PipeDriver server = ends[1];
        List<PipeMessage> sent = List.of(
                new PipeMessage(0, 0, 0, 0, new byte[0]),
                new PipeMessage(255, 255, 65535, -1, bytes(1, 1)),
                new PipeMessage(1, 128, 32768, Integer.MIN_VALUE, bytes(2, 100)),
                new PipeMessage(42, 7, 3, Integer.MAX_VALUE, bytes(3, 70_000)));
        sent.forEach(m -> assertTrue(client.offer(m)));
        client.flush();
        Await.pollUntil(pipes.poller, () -> server.received.size() == sent.size());
        assertEquals(sent, server.received);

        // and back: the server answers with what it got
        server.received.forEach(m -> assertTrue(server.offer(m)));
        server.flush();
        Await.pollUntil(pipes.poller, () -> client.received.size() == sent.size());
        assertEquals(sent, client.received);
    }

    @Test
    void offerCopiesThePayloadAndLeavesItsPositionAlone() throws IOException {
        PipeDriver[] ends = pipes.pair();
        ByteBuffer payload = ByteBuffer.allocateDirect(10);
        payload.put(new byte[] {9, 9, 1, 2, 3, 4, 5, 6, 9, 9}).position(2).limit(8);
        assertTrue(ends[0].channel.offer(1, 0, 0, 5, payload));
        assertEquals(2, payload.position());
        assertEquals(8, payload.limit());
        payload.put(2, (byte) 77); // changing it after the offer changes nothing sent
        ends[0].flush();
        Await.pollUntil(pipes.poller, () -> ends[1].received.size() == 1);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, ends[1].received.get(0).payload());
    }

    @Test
    void tenThousandSmallMessagesLeaveInOneFlushAndArriveInOrder() throws IOException {
        int count = 10_000;
        // 16 bytes per message on the wire: the whole batch fits the kernel's default socket buffer.
        assumeTrue(defaultSocketBuffer() >= 5L * count * (MessageHeader.SIZE + 4) / 4,
                "the default socket buffer is too small to take the batch in one write");
        PipeDriver[] ends = pipes.pair();
        PipeChannel client = ends[0].channel;
        ByteBuffer payload = ByteBuffer.allocate(4);
        for (int i = 0; i < count; i++) {
            payload.putInt(0, i);
            assertTrue(client.offer(i & 0xff, (i >> 8) & 0xff, i % 65536, i, payload));
        }
        assertEquals((long) count * (MessageHeader.SIZE + 4), client.queuedBytes());
        assertTrue(client.flush(), "one flush, one write, sends all 10,000 messages");
        assertEquals(0, client.queuedBytes());

        PipeDriver server = ends[1];
        Await.pollUntil(pipes.poller, () -> server.received.size() == count);
        for (int i = 0; i < count; i++) {
            PipeMessage m = server.received.get(i);
            assertEquals(i, m.session());
            assertEquals(i & 0xff, m.type());
            assertEquals((i >> 8) & 0xff, m.flags());
            assertEquals(i % 65536, m.reactorId());
            assertEquals(i, ByteBuffer.wrap(m.payload()).getInt());
        }
    }

    @Test
    void largePayloadsArriveWhole() throws IOException {
        PipeDriver[] ends = pipes.pair();
        List<PipeMessage> sent = List.of(
                new PipeMessage(1, 0, 0, 1, bytes(11, 1 << 20)),
                new PipeMessage(2, 0, 0, 2, bytes(12, 16 << 20)),
                new PipeMessage(3, 0, 0, 3, bytes(13, 100))); // a small one after: the buffers shrank back
        for (PipeMessage m : sent) {
            assertTrue(ends[0].offer(m));
            ends[0].flush();
            // Each offer waits until the queue is empty; then it is always accepted.
            Await.pollUntil(pipes.poller, () -> ends[0].channel.queuedBytes() == 0);
        }
        Await.pollUntil(pipes.poller, () -> ends[1].received.size() == sent.size());
        assertEquals(sent, ends[1].received);
    }

    @Test
    void buffersGrownByALargeMessageShrinkBackOnceItHasPassed() throws IOException {
        PipeDriver[] ends = pipes.pair();
        UnixSockChannel client = (UnixSockChannel) ends[0].channel;
        UnixSockChannel server = (UnixSockChannel) ends[1].channel;
        PipeMessage large = new PipeMessage(1, 0, 0, 1, bytes(21, 4 << 20));
        assertTrue(ends[0].offer(large));
        assertTrue(client.outputCapacity() > UnixSockChannel.BUFFER_SIZE, "the queue grew to hold the message");
        ends[0].flush();
        Await.pollUntil(pipes.poller, () -> client.queuedBytes() == 0 && ends[1].received.size() == 1);
        assertEquals(large, ends[1].received.get(0));
        assertEquals(UnixSockChannel.BUFFER_SIZE, client.outputCapacity(), "the sender's buffer after the message");
        assertEquals(UnixSockChannel.BUFFER_SIZE, server.inputCapacity(), "the receiver's buffer after the message");
    }

    @Test
    void aFullQueueRefusesOffersUntilThePeerReads() throws IOException {
        int limit = 256 * 1024;
        PipeDriver[] ends = pipes.pair(connect(pipes, limit, UnixSockChannel.DEFAULT_MAX_MESSAGE_SIZE), false);
        PipeDriver client = ends[0];
        PipeDriver server = ends[1];
        List<PipeMessage> accepted = new ArrayList<>();
        int session = 0;
        // The server does not read: the socket buffers fill, then the queue.
        while (true) {
            PipeMessage m = new PipeMessage(1, 0, 0, session++, bytes(session, 1000));
            if (!client.offer(m)) {
                break;
            }
            accepted.add(m);
            client.flush();
            assertTrue(client.channel.queuedBytes() <= limit + MessageHeader.SIZE + 1000,
                    "queued " + client.channel.queuedBytes());
            assertTrue(accepted.size() < 100_000, "offers never pushed back");
        }
        assertTrue(client.channel.queuedBytes() > limit);
        assertFalse(client.channel.flush(), "the peer is not reading");

        server.startReading();
        Await.pollUntil(pipes.poller, () -> client.channel.queuedBytes() == 0);
        PipeMessage after = new PipeMessage(2, 0, 0, session, bytes(0, 1000));
        assertTrue(client.offer(after), "offers are taken again once the queue drained");
        accepted.add(after);
        client.flush();
        Await.pollUntil(pipes.poller, () -> server.received.size() == accepted.size());
        assertEquals(accepted, server.received);
    }

    @Test
    void anEmptyQueueTakesAMessageLargerThanTheLimit() throws IOException {
        try (PipeChannel client = connect(pipes, 1024, 1 << 20);
             PipeChannel server = pipes.acceptOne()) {
            assertEquals(0, server.queuedBytes());
            assertTrue(client.offer(1, 0, 0, 1, ByteBuffer.allocate(64 * 1024)));
            assertFalse(client.offer(1, 0, 0, 2, ByteBuffer.allocate(1)), "over the limit now");
            assertEquals(64 * 1024 + MessageHeader.SIZE, client.queuedBytes());
            assertThrows(IllegalArgumentException.class,
                    () -> client.offer(1, 0, 0, 3, ByteBuffer.allocate((1 << 20) + 1)));
        }
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
    void closingOneEndEndsTheOtherAfterEverythingSent() throws IOException {
        PipeDriver[] ends = pipes.pair();
        List<PipeMessage> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sent.add(new PipeMessage(1, 0, 0, i, bytes(i, 300)));
            assertTrue(ends[0].offer(sent.get(i)));
        }
        ends[0].flush();
        Await.pollUntil(pipes.poller, () -> ends[0].channel.queuedBytes() == 0);
        ends[0].channel.close();
        ends[0].channel.close(); // idempotent
        Await.pollUntil(pipes.poller, ends[1]::finished);
        assertNull(ends[1].failure());
        assertTrue(ends[1].ended());
        assertEquals(sent, ends[1].received);
        assertFalse(ends[1].channel.receive((t, f, r, s, p) -> { }), "stays ended");
    }

    @Test
    void shutdownOutputSendsWhatIsQueuedFirstAndTheOtherWayStaysOpen() throws IOException {
        int limit = 64 * 1024;
        PipeDriver[] ends = pipes.pair(connect(pipes, limit, 1 << 20), false);
        PipeDriver client = ends[0];
        PipeDriver server = ends[1];
        List<PipeMessage> sent = new ArrayList<>();
        for (int i = 0; client.channel.queuedBytes() <= limit; i++) {
            PipeMessage m = new PipeMessage(3, 0, 0, i, bytes(i, 4000));
            sent.add(m);
            assertTrue(client.offer(m));
            client.flush();
        }
        client.channel.shutdownOutput(); // the queue is not empty: the shutdown waits for it
        assertThrows(IllegalStateException.class, () -> client.offer(new PipeMessage(1, 0, 0, 0, new byte[0])));
        server.startReading();
        Await.pollUntil(pipes.poller, server::finished);
        assertNull(server.failure());
        assertEquals(sent, server.received);

        PipeMessage reply = new PipeMessage(4, 0, 0, 99, bytes(5, 10));
        assertTrue(server.offer(reply));
        assertTrue(server.flush());
        Await.pollUntil(pipes.poller, () -> client.received.size() == 1);
        assertEquals(reply, client.received.get(0));
    }

    @Test
    void aMalformedHeaderFailsAndClosesTheChannel() throws IOException {
        try (var raw = pipes.transport.connect(java.net.UnixDomainSocketAddress.of(pipes.listener.address()));
             PipeChannel server = pipes.acceptOne()) {
            ByteBuffer bad = ByteBuffer.allocate(MessageHeader.SIZE + 4);
            MessageHeader.put(bad, 0, -5, 1, 0, 0, 7);
            writeFully(raw, bad);
            IOException e = assertThrows(IOException.class, () -> receiveUntilEnd(server));
            assertTrue(e.getMessage().startsWith("malformed message"), e.getMessage());
            assertThrows(ClosedChannelException.class, () -> server.receive((t, f, r, s, p) -> { }));
            // the sender sees the channel go
            ByteBuffer in = ByteBuffer.allocate(16);
            Await.pollUntil(pipes.poller, () -> readOrFail(raw, in) < 0);
        }
    }

    @Test
    void aLengthAboveTheMaximumIsMalformed() throws IOException {
        try (var raw = pipes.transport.connect(java.net.UnixDomainSocketAddress.of(pipes.listener.address()));
             PipeChannel server = pipes.acceptOne()) {
            ByteBuffer bad = ByteBuffer.allocate(MessageHeader.SIZE);
            MessageHeader.put(bad, 0, UnixSockChannel.DEFAULT_MAX_MESSAGE_SIZE + 1, 1, 0, 0, 7);
            writeFully(raw, bad);
            IOException e = assertThrows(IOException.class, () -> receiveUntilEnd(server));
            assertTrue(e.getMessage().startsWith("malformed message"), e.getMessage());
        }
    }

    @Test
    void endOfStreamInsideAMessageIsAnError() throws IOException {
        try (var raw = pipes.transport.connect(java.net.UnixDomainSocketAddress.of(pipes.listener.address()));
             PipeChannel server = pipes.acceptOne()) {
            ByteBuffer cut = ByteBuffer.allocate(MessageHeader.SIZE + 10);
            MessageHeader.put(cut, 0, 100, 1, 0, 0, 7);
            writeFully(raw, cut);
            raw.shutdownOutput();
            IOException e = assertThrows(IOException.class, () -> receiveUntilEnd(server));
            assertEquals("end of stream inside a message (10 of 100 payload bytes)", e.getMessage());
        }
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

    /** Receives on this thread, waiting on the poller, until the channel ends; throws what receive throws. */
    private void receiveUntilEnd(PipeChannel channel) throws IOException {
        long deadline = System.nanoTime() + Await.DEADLINE_MILLIS * 1_000_000;
        while (channel.receive((t, f, r, s, p) -> { })) {
            assertTrue(System.nanoTime() - deadline < 0, "the channel never ended");
            pipes.poller.poll(10);
        }
    }

    private static int readOrFail(io.jswoole.spi.reactor.StreamSocket socket, ByteBuffer into) {
        try {
            into.clear();
            return socket.read(into);
        } catch (IOException e) {
            return -1; // reset by the peer: gone too
        }
    }

    private void writeFully(io.jswoole.spi.reactor.StreamSocket socket, ByteBuffer data) throws IOException {
        data.clear();
        Await.pollUntil(pipes.poller, () -> {
            try {
                socket.write(data);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return !data.hasRemaining();
        });
    }

    private static long defaultSocketBuffer() {
        try {
            // readAllLines, not readString: the JDK may read only part of a procfs file.
            return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/net/core/wmem_default")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return 212_992; // Linux's usual default
        }
    }

    static byte[] bytes(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A client channel of {@code pipes}' listener with its own queue limit and maximum message size. */
    private static PipeChannel connect(PipeFixture pipes, int queueLimit, int maxMessageSize) throws IOException {
        return new UnixSockChannel(pipes.transport.connect(UnixDomainSocketAddress.of(pipes.listener.address())),
                queueLimit, maxMessageSize);
    }
}
