package io.jswoole.example.ipc.loopback;

import static io.jswoole.testing.PipeMessage.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.testing.Await;
import io.jswoole.testing.PipeDriver;
import io.jswoole.testing.PipeMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PipeChannel and PipeListener contract over real TCP connections on 127.0.0.1, driven by one
 * reactor's poller; {@link NioLoopbackPipeTest} and {@link EpollLoopbackPipeTest} choose it.
 */
@Timeout(60)
abstract class LoopbackPipeContract {
    /** Short, so that the test of a connection that never sends its secret is quick. */
    private static final long SECRET_TIMEOUT_MILLIS = 500;

    @TempDir
    Path runDir;

    Pipes pipes;

    /** The reactor provider's name. */
    abstract String reactor();

    @BeforeEach
    void open() throws IOException {
        pipes = new Pipes(reactor(), runDir, new LoopbackPipeProvider(SECRET_TIMEOUT_MILLIS));
    }

    @AfterEach
    void close() throws Exception {
        if (pipes != null) {
            pipes.close();
        }
    }

    @Test
    @Timeout(60)
    void manyMessagesGoBothWaysWithTheirBoundaries() throws IOException {
        PipeDriver[] ends = pipes.pair(true);
        Random random = new Random(42);
        List<PipeMessage> sent = new ArrayList<>();
        sent.add(new PipeMessage(0, 0, 0, 0, new byte[0]));
        sent.add(new PipeMessage(255, 255, 65535, -1, bytes(1, 1)));
        sent.add(new PipeMessage(1, 2, 3, Integer.MIN_VALUE, bytes(2, LoopbackChannel.HEADER)));
        for (int i = 0; i < 20_000; i++) {
            sent.add(new PipeMessage(i & 0xff, (i >> 8) & 0xff, (i * 7) & 0xffff, i, bytes(i, random.nextInt(1500))));
        }
        sendAll(ends[0], sent);
        pipes.pollUntil(() -> ends[1].received.size() >= sent.size());
        assertEquals(sent, ends[1].received);

        // and back: the server returns what it got
        sendAll(ends[1], List.copyOf(ends[1].received));
        pipes.pollUntil(() -> ends[0].received.size() >= sent.size());
        assertEquals(sent, ends[0].received);
    }

    @Test
    @Timeout(60)
    void oneFlushWritesAWholeBatch() throws IOException {
        PipeDriver[] ends = pipes.pair(true);
        int count = 500; // 14,000 bytes on the wire: within a fresh socket's send buffer
        ByteBuffer payload = ByteBuffer.allocate(16);
        for (int i = 0; i < count; i++) {
            payload.putInt(0, i);
            assertTrue(ends[0].channel.offer(1, 0, 0, i, payload));
        }
        assertEquals((long) count * (LoopbackChannel.HEADER + 16), ends[0].channel.queuedBytes());
        assertTrue(ends[0].channel.flush(), "one flush, one write, sends the whole batch");
        assertEquals(0, ends[0].channel.queuedBytes());
        pipes.pollUntil(() -> ends[1].received.size() == count);
        for (int i = 0; i < count; i++) {
            assertEquals(i, ends[1].received.get(i).session());
            assertEquals(i, ByteBuffer.wrap(ends[1].received.get(i).payload()).getInt());
        }
    }

    @Test
    @Timeout(60)
    void aOneMebibytePayloadArrivesWhole() throws IOException {
        PipeDriver[] ends = pipes.pair(true);
        List<PipeMessage> sent = List.of(
                new PipeMessage(7, 1, 2, 3, bytes(7, 1 << 20)),
                new PipeMessage(8, 0, 0, 4, bytes(8, 10))); // a small one right behind it
        sendAll(ends[0], sent);
        pipes.pollUntil(() -> ends[1].received.size() == sent.size());
        assertEquals(sent, ends[1].received);

        sendAll(ends[1], sent);
        pipes.pollUntil(() -> ends[0].received.size() == sent.size());
        assertEquals(sent, ends[0].received);
    }

    @Test
    @Timeout(60)
    void offersPushBackWhileThePeerDoesNotReadAndFlushingResumesWhenItDoes() throws IOException {
        PipeDriver[] ends = pipes.pair(false);
        PipeDriver client = ends[0];
        PipeDriver server = ends[1];
        List<PipeMessage> accepted = new ArrayList<>();
        int size = 64 << 10;
        for (int session = 0; ; session++) {
            PipeMessage m = new PipeMessage(1, 0, 0, session, bytes(session, size));
            if (!client.offer(m)) {
                break;
            }
            accepted.add(m);
            client.flush();
            assertTrue(client.channel.queuedBytes() <= LoopbackChannel.QUEUE_LIMIT + LoopbackChannel.HEADER + size,
                    "queued " + client.channel.queuedBytes());
            assertTrue(accepted.size() < 10_000, "offers never pushed back");
        }
        assertTrue(client.channel.queuedBytes() > LoopbackChannel.QUEUE_LIMIT);
        assertFalse(client.channel.flush(), "the peer does not read, so the socket stays full");

        server.startReading();
        pipes.pollUntil(() -> client.channel.queuedBytes() == 0);
        PipeMessage after = new PipeMessage(2, 0, 0, -1, bytes(0, 100));
        assertTrue(client.offer(after), "offers are taken again once the queue drained");
        accepted.add(after);
        client.flush();
        pipes.pollUntil(() -> server.received.size() == accepted.size());
        assertEquals(accepted, server.received);
    }

    @Test
    @Timeout(60)
    void anEmptyQueueTakesAMessageOverTheLimit() throws IOException {
        PipeChannel client = pipes.pair(false)[0].channel;
        ByteBuffer big = ByteBuffer.allocate(LoopbackChannel.QUEUE_LIMIT + 1);
        assertTrue(client.offer(1, 0, 0, 1, big));
        assertEquals(0, big.position(), "the payload's position is left alone");
        assertEquals(LoopbackChannel.HEADER + LoopbackChannel.QUEUE_LIMIT + 1, client.queuedBytes());
        assertFalse(client.offer(1, 0, 0, 2, ByteBuffer.allocate(1)), "over the limit now");
        assertThrows(IllegalArgumentException.class, () -> client.offer(256, 0, 0, 3, ByteBuffer.allocate(0)));
        assertThrows(IllegalArgumentException.class, () -> client.offer(0, 0, 65536, 3, ByteBuffer.allocate(0)));
    }

    @Test
    @Timeout(60)
    void closingOneEndEndsTheOtherAfterEverythingSent() throws IOException {
        PipeDriver[] ends = pipes.pair(true);
        List<PipeMessage> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sent.add(new PipeMessage(3, 0, 0, i, bytes(i, 300)));
        }
        sendAll(ends[0], sent);
        pipes.pollUntil(() -> ends[0].channel.queuedBytes() == 0);
        ends[0].channel.close();
        ends[0].channel.close(); // idempotent
        pipes.pollUntil(ends[1]::finished);
        assertNull(ends[1].failure());
        assertTrue(ends[1].ended());
        assertEquals(sent, ends[1].received);
        assertFalse(ends[1].channel.receive((t, f, r, s, p) -> { }), "stays ended");
    }

    @Test
    @Timeout(60)
    void shutdownOutputWaitsForTheQueueAndTheOtherWayStaysOpen() throws IOException {
        PipeDriver[] ends = pipes.pair(false);
        PipeDriver client = ends[0];
        PipeDriver server = ends[1];
        List<PipeMessage> sent = new ArrayList<>();
        boolean socketFull = false;
        for (int i = 0; !socketFull; i++) {
            assertTrue(i < 10_000, "the socket never filled");
            PipeMessage m = new PipeMessage(4, 0, 0, i, bytes(i, 32 << 10));
            assertTrue(client.offer(m));
            sent.add(m);
            socketFull = !client.flush();
        }
        client.channel.shutdownOutput(); // something is queued: the shutdown waits for it
        assertThrows(IllegalStateException.class, () -> client.offer(new PipeMessage(1, 0, 0, 0, new byte[0])));
        server.startReading();
        pipes.pollUntil(server::finished);
        assertNull(server.failure());
        assertEquals(sent, server.received);

        PipeMessage reply = new PipeMessage(5, 0, 0, 99, bytes(5, 10));
        assertTrue(server.offer(reply));
        assertTrue(server.flush());
        pipes.pollUntil(() -> client.received.size() == 1);
        assertEquals(reply, client.received.get(0));
    }

    @Test
    @Timeout(60)
    void aConnectionWithTheWrongSecretIsClosedAndNeverAccepted() throws IOException {
        byte[] wrong = pipes.secret();
        wrong[0] ^= 1;
        StreamSocket intruder = pipes.rawConnection();
        writeFully(intruder, ByteBuffer.wrap(wrong));
        pipes.pollUntil(() -> endOfStream(intruder));
        assertTrue(pipes.nothingAccepted(), "accept() returned the intruder");

        // the listener still admits the real thing
        PipeDriver[] ends = pipes.pair(true);
        PipeMessage m = new PipeMessage(1, 0, 0, 1, bytes(1, 10));
        sendAll(ends[0], List.of(m));
        pipes.pollUntil(() -> ends[1].received.size() == 1);
        assertEquals(m, ends[1].received.get(0));
        assertTrue(pipes.nothingAccepted());
    }

    @Test
    @Timeout(60)
    void aConnectionThatNeverSendsAllOfItsSecretIsClosed() throws IOException {
        StreamSocket silent = pipes.rawConnection();
        writeFully(silent, ByteBuffer.wrap(pipes.secret(), 0, 10));
        pipes.pollUntil(() -> endOfStream(silent));
        assertTrue(pipes.nothingAccepted());
    }

    @Test
    @Timeout(60)
    void aSecretThatArrivesLateIsStillAdmittedAndFramesFollowIt() throws Exception {
        StreamSocket raw = pipes.rawConnection();
        byte[] secret = pipes.secret();
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(100);
                writeFully(raw, ByteBuffer.wrap(secret));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        late.start();
        PipeDriver server = pipes.link(pipes.acceptOne(), true);
        late.join();

        // a frame written by hand: the wire format
        ByteBuffer frame = ByteBuffer.allocate(LoopbackChannel.HEADER + 3);
        frame.putInt(3).putInt(77).putShort((short) 513).put((byte) 9).put((byte) 200).put(new byte[] {1, 2, 3}).flip();
        writeFully(raw, frame);
        pipes.pollUntil(() -> server.received.size() == 1);
        assertEquals(new PipeMessage(9, 200, 513, 77, new byte[] {1, 2, 3}), server.received.get(0));
    }

    @Test
    @Timeout(60)
    void aMalformedFrameFailsAndClosesTheChannel() throws IOException {
        StreamSocket raw = pipes.rawConnection();
        writeFully(raw, ByteBuffer.wrap(pipes.secret()));
        PipeChannel server = pipes.acceptOne();
        ByteBuffer bad = ByteBuffer.allocate(LoopbackChannel.HEADER);
        bad.putInt(-5).putInt(7).putInt(0).flip();
        writeFully(raw, bad);
        IOException e = assertThrows(IOException.class, () -> receiveUntilEnd(server));
        assertTrue(e.getMessage().startsWith("malformed frame"), e.getMessage());
        assertThrows(ClosedChannelException.class, () -> server.receive((t, f, r, s, p) -> { }));
        pipes.pollUntil(() -> endOfStream(raw));
    }

    @Test
    @Timeout(60)
    void endOfStreamInsideAFrameIsAnError() throws IOException {
        StreamSocket raw = pipes.rawConnection();
        writeFully(raw, ByteBuffer.wrap(pipes.secret()));
        PipeChannel server = pipes.acceptOne();
        ByteBuffer cut = ByteBuffer.allocate(LoopbackChannel.HEADER + 10);
        cut.putInt(100).putInt(7).putInt(0).flip();
        writeFully(raw, cut);
        raw.shutdownOutput();
        IOException e = assertThrows(IOException.class, () -> receiveUntilEnd(server));
        assertTrue(e.getMessage().startsWith("end of stream inside a frame"), e.getMessage());
        server.close();
    }

    /** Offers every message in order, flushing, and waiting for the queue to drain whenever an offer is refused. */
    private void sendAll(PipeDriver from, List<PipeMessage> messages) throws IOException {
        for (PipeMessage m : messages) {
            while (!from.offer(m)) {
                from.flush();
                pipes.pollUntil(() -> from.channel.queuedBytes() <= LoopbackChannel.QUEUE_LIMIT);
            }
        }
        from.flush();
    }

    private void receiveUntilEnd(PipeChannel channel) throws IOException {
        long deadline = System.nanoTime() + Await.DEADLINE_MILLIS * 1_000_000;
        while (channel.receive((t, f, r, s, p) -> { })) {
            assertTrue(System.nanoTime() - deadline < 0, "the channel never ended");
            pipes.poll(10);
        }
    }

    private static void writeFully(StreamSocket socket, ByteBuffer data) throws IOException {
        long deadline = System.nanoTime() + Await.DEADLINE_MILLIS * 1_000_000;
        while (data.hasRemaining()) {
            assertTrue(System.nanoTime() - deadline < 0, "could not write");
            socket.write(data);
        }
    }

    /** Whether {@code socket} reads end of stream (or a reset) now. */
    private static boolean endOfStream(StreamSocket socket) {
        try {
            return socket.read(ByteBuffer.allocate(64)) < 0;
        } catch (IOException e) {
            return true; // reset: closed too
        }
    }
}
