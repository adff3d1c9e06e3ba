package io.jswoole.core.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jswoole.settings.Settings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Feeds a framer a byte stream cut into reads in every way a test asks for, collecting the packets. */
final class FramerDriver {
    private final Map<String, Object> settings;

    FramerDriver(Map<String, Object> settings) {
        this.settings = settings;
    }

    Framer framer() {
        return Framer.forSettings(Settings.builder().setAll(settings).build());
    }

    /** The packets of {@code stream} fed in reads that end at {@code cuts} (increasing offsets). */
    List<String> feed(String stream, int... cuts) throws FrameException {
        Framer f = framer();
        byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
        List<String> packets = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : bytes.length;
            // a read buffer larger than the read, as a loop's is, holding garbage beyond its limit
            ByteBuffer read = ByteBuffer.allocate(to - from + 8);
            read.put(bytes, from, to - from).flip();
            f.feed(read, p -> packets.add(StandardCharsets.ISO_8859_1.decode(p).toString()));
            from = to;
        }
        assertEquals(0, f.buffered(), "nothing held once every packet is whole");
        return packets;
    }

    /**
     * Asserts that {@code stream} frames into {@code expected} whether it arrives whole, in two
     * reads cut at every byte boundary, or one byte per read.
     */
    void assertFrames(String stream, List<String> expected) throws FrameException {
        assertEquals(expected, feed(stream), "in one read");
        for (int cut = 0; cut <= stream.length(); cut++) {
            assertEquals(expected, feed(stream, cut), "cut at " + cut);
        }
        int[] everyByte = new int[stream.length()];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i;
        }
        assertEquals(expected, feed(stream, everyByte), "one byte per read");
    }

    /**
     * Asserts that {@code stream} is refused, whole and a byte per read, with {@code reply} as the
     * error answer; returns the exception of the whole stream.
     */
    FrameException assertRefused(String stream, String replyStart) {
        FrameException whole = assertThrows(FrameException.class, () -> feed(stream));
        assertEquals(true, new String(whole.reply(), StandardCharsets.US_ASCII).startsWith(replyStart),
                new String(whole.reply(), StandardCharsets.US_ASCII));
        int[] everyByte = new int[stream.length()];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i;
        }
        FrameException trickled = assertThrows(FrameException.class, () -> feed(stream, everyByte));
        assertEquals(new String(whole.reply(), StandardCharsets.US_ASCII),
                new String(trickled.reply(), StandardCharsets.US_ASCII));
        return whole;
    }
}
