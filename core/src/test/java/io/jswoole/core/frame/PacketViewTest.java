package io.jswoole.core.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.settings.Settings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A packet that arrived whole is handed on as a read-only view of the input buffer itself (no
 * copy): writing into the input shows through the view, and the same view object serves every
 * packet of that input.
 */
@Timeout(10)
class PacketViewTest {

    @Test
    void rawChunksAreViewsOfTheInput() throws FrameException {
        assertViewsOfInput(Map.of(), "hello", List.of("hello"));
    }

    @Test
    void eofSplitPacketsAreViewsOfTheInput() throws FrameException {
        assertViewsOfInput(Map.of("open_eof_split", true, "package_eof", "\r\n"), "ab\r\ncd\r\n",
                List.of("ab\r\n", "cd\r\n"));
    }

    @Test
    void lengthCheckedPacketsAreViewsOfTheInput() throws FrameException {
        assertViewsOfInput(Map.of("open_length_check", true, "package_length_type", "C", "package_body_offset", 1),
                "\u0002ab\u0001c", List.of("\u0002ab", "\u0001c"));
    }

    @Test
    void aPacketInPiecesIsAViewOfWhereTheFramerCollectedIt() throws FrameException {
        Framer framer = Framer.forSettings(Settings.builder().setAll(Map.of("open_eof_split", true,
                "package_eof", "\n")).build());
        List<String> packets = new ArrayList<>();
        framer.feed(direct("par"), p -> packets.add(text(p)));
        framer.feed(direct("tial\nnext\n"), p -> {
            assertTrue(p.isReadOnly());
            packets.add(text(p));
        });
        assertEquals(List.of("partial\n", "next\n"), packets);
    }

    private static void assertViewsOfInput(Map<String, ?> framing, String input, List<String> expected)
            throws FrameException {
        Framer framer = Framer.forSettings(Settings.builder().setAll(framing).build());
        ByteBuffer in = direct(input);
        for (int round = 0; round < 2; round++) {
            List<String> packets = new ArrayList<>();
            List<ByteBuffer> views = new ArrayList<>();
            in.position(0).limit(input.length());
            framer.feed(in, p -> {
                assertTrue(p.isReadOnly(), "a packet view must be read-only");
                assertTrue(p.isDirect(), "a packet of a direct read buffer must be a view of it");
                byte first = in.get(p.position());
                in.put(p.position(), (byte) '#');
                assertEquals('#', p.get(p.position()), "the view does not share the input's memory");
                in.put(p.position(), first);
                views.add(p);
                packets.add(text(p));
                p.position(p.limit()); // a sink may move the view
            });
            assertEquals(expected, packets);
            for (ByteBuffer v : views) {
                assertSame(views.get(0), v, "every packet of one input reuses one view");
            }
        }
    }

    private static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    private static String text(ByteBuffer p) {
        return StandardCharsets.ISO_8859_1.decode(p.duplicate()).toString();
    }
}
