package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a reactor thread remembers of the messages a worker has not finished: order, trimming, bounds. */
@Timeout(30)
class HandedOutTest {
    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsTypeFlagsPortAndSessionInOrderAndForgetsWhatIsFinished() {
        HandedOut h = new HandedOut(false);
        for (int i = 1; i <= 1000; i++) { // past the first capacity: the ring grows
            h.add(i % 2 == 0 ? Msg.RECEIVE : Msg.CLOSE, i % 2, i % 7, i, text("x"));
        }
        h.finishedUpTo(990);
        List<HandedOut.Message> left = h.take();
        assertEquals(10, left.size());
        for (int i = 0; i < 10; i++) {
            HandedOut.Message m = left.get(i);
            int n = 991 + i;
            assertEquals(n, m.session());
            assertEquals(n % 2 == 0 ? Msg.RECEIVE : Msg.CLOSE, m.type());
            assertEquals(n % 2, m.flags());
            assertEquals(n % 7, m.portId());
            assertEquals(0, m.payload().remaining(), "without copies, payloads are not kept");
        }
        assertEquals(0, h.size());
    }

    @Test
    void keepsACopyOfEachPayloadForReplay() {
        HandedOut h = new HandedOut(true);
        ByteBuffer b = text("hello");
        h.add(Msg.RECEIVE, 0, 0, 5, b);
        b.put(0, (byte) 'J'); // the reactor's read buffer is reused
        assertEquals(5, b.remaining(), "the caller's buffer is left as it was");
        List<HandedOut.Message> left = h.take();
        assertEquals("hello", StandardCharsets.UTF_8.decode(left.get(0).payload()).toString());
    }

    @Test
    void copiesAreBoundedAndTheOldestCopiesAreDroppedFirst() {
        HandedOut h = new HandedOut(true);
        int size = (int) (HandedOut.MAX_COPY_BYTES / 4);
        for (int i = 1; i <= 4; i++) {
            assertFalse(h.needsRoom(size), "copy " + i + " fits");
            h.add(Msg.RECEIVE, 0, 0, 100 + i, ByteBuffer.allocate(size));
        }
        assertTrue(h.copiesOver(1), "the bound is reached");
        assertTrue(h.dropOldestCopy());
        assertFalse(h.copiesOver(size), "room for one more copy");
        h.add(Msg.RECEIVE, 0, 0, 105, ByteBuffer.allocate(size));
        List<HandedOut.Message> all = h.take();
        assertEquals(5, all.size(), "a message whose copy was dropped is still remembered");
        assertFalse(all.get(0).copied());
        assertEquals(101, all.get(0).session());
        for (int i = 1; i < 5; i++) {
            assertTrue(all.get(i).copied());
            assertEquals(size, all.get(i).payload().remaining());
        }
    }

    @Test
    void theOldestMessageForgottenNamesItsConnectionButNotADatagram() {
        HandedOut h = new HandedOut(false);
        h.add(Msg.RECEIVE, 0, 0, 9, ByteBuffer.allocate(1));
        h.add(Msg.PACKET, 0, 0, 0, ByteBuffer.allocate(1));
        assertEquals(9, h.forgetOldest());
        assertEquals(-1, h.forgetOldest(), "a datagram concerns no connection");
        assertEquals(0, h.size());
    }

    @Test
    void aLargeMessageAloneAlwaysFits() {
        HandedOut h = new HandedOut(true);
        assertFalse(h.copiesOver((int) HandedOut.MAX_COPY_BYTES * 2), "an empty ring takes any message");
    }
}
