package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link OrderedReplies} on its own: what goes out at once, what waits, and in which order. */
@Timeout(10)
class OrderedRepliesUnitTest {
    private final List<String> out = new ArrayList<>();
    private final OrderedReplies.Sink sink = b -> out.add(StandardCharsets.US_ASCII.decode(b.duplicate()).toString());

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aLaterRequestsRepliesWaitForTheEarlierOnesAndFollowThemInOrder() {
        OrderedReplies o = new OrderedReplies(1 << 20);
        o.dispatched(0); // request A on worker 0
        o.dispatched(1); // request B on worker 1
        o.dispatched(1); // request C on worker 1
        assertTrue(o.send(1, text("b1"), sink));
        assertTrue(o.send(1, text("b2"), sink));
        o.done(1, sink); // B done, held behind A
        assertTrue(o.send(1, text("c"), sink));
        assertEquals(List.of(), out, "nothing passes A");
        assertEquals(5, o.held());
        assertTrue(o.send(0, text("a"), sink));
        assertEquals(List.of("a"), out, "A is the oldest: out at once");
        o.done(0, sink);
        assertEquals(List.of("a", "b1b2", "c"), out, "then B's replies, then what C sent so far");
        assertTrue(o.send(1, text("c2"), sink));
        o.done(1, sink);
        assertEquals(List.of("a", "b1b2", "c", "c2"), out);
        assertEquals(0, o.open());
        assertEquals(0, o.held());
    }

    @Test
    void aReplyOutsideAnyRequestGoesOutAtOnce() {
        OrderedReplies o = new OrderedReplies(1 << 20);
        o.dispatched(0);
        assertTrue(o.send(1, text("greeting"), sink));
        assertEquals(List.of("greeting"), out);
    }

    @Test
    void aCloseWaitsForTheRepliesBeforeIt() {
        OrderedReplies o = new OrderedReplies(1 << 20);
        List<String> closed = new ArrayList<>();
        o.dispatched(0);
        o.dispatched(1);
        o.send(1, text("bye"), sink);
        o.close(1, () -> closed.add("closed"));
        assertEquals(List.of(), closed);
        o.send(0, text("a"), sink);
        o.done(0, sink);
        assertEquals(List.of("a", "bye"), out);
        assertEquals(List.of("closed"), closed);
    }

    @Test
    void heldRepliesAreBounded() {
        OrderedReplies o = new OrderedReplies(8);
        o.dispatched(0);
        o.dispatched(1);
        assertTrue(o.send(1, text("12345678"), sink));
        assertFalse(o.send(1, text("9"), sink), "past the bound: the caller closes the connection");
    }
}
