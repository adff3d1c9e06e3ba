package io.jswoole.core.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jswoole.settings.Settings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A large packet that arrives a few bytes per read costs time in proportion to its size, not to
 * its size squared: neither the bytes already held nor those already searched for the end marker
 * are touched again on every read. (Quadratic work takes minutes here; linear, milliseconds.)
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TrickledInputTest {
    private static final int SIZE = 4 << 20;
    private static final int READ = 16;

    @Test
    void eofSplitPacket() throws FrameException {
        byte[] stream = endingWithCrLf(SIZE);
        List<Integer> packets = feedTrickled(Map.of("open_eof_split", true, "package_eof", "\r\n"), stream);
        assertEquals(List.of(stream.length), packets);
    }

    @Test
    void eofCheckPacket() throws FrameException {
        byte[] stream = endingWithCrLf(SIZE);
        List<Integer> packets = feedTrickled(Map.of("open_eof_check", true, "package_eof", "\r\n"), stream);
        assertEquals(List.of(stream.length), packets);
    }

    @Test
    void lengthCheckPacket() throws FrameException {
        byte[] stream = ByteBuffer.allocate(4 + SIZE).putInt(SIZE).array();
        List<Integer> packets = feedTrickled(Map.of("open_length_check", true, "package_length_type", "N",
                "package_body_offset", 4), stream);
        assertEquals(List.of(stream.length), packets);
    }

    @Test
    void aMarkerSplitAcrossReadsIsFoundWhereTheSearchResumes() throws FrameException {
        Framer framer = Framer.forSettings(Settings.builder().setAll(Map.of("open_eof_split", true,
                "package_eof", "<E>")).build());
        List<String> packets = new ArrayList<>();
        for (String read : List.of("ab<", "E", "><E>cd<E", "", "x", "y<E><", "E>")) {
            framer.feed(ByteBuffer.wrap(read.getBytes(StandardCharsets.US_ASCII)),
                    p -> packets.add(StandardCharsets.US_ASCII.decode(p).toString()));
        }
        assertEquals(List.of("ab<E>", "<E>", "cd<Exy<E>", "<E>"), packets);
        assertEquals(0, framer.buffered());
    }

    private static byte[] endingWithCrLf(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'x');
        b[size - 2] = '\r';
        b[size - 1] = '\n';
        return b;
    }

    /** Feeds {@code stream} {@value #READ} bytes at a time; returns the sizes of the packets cut. */
    private static List<Integer> feedTrickled(Map<String, ?> framing, byte[] stream) throws FrameException {
        Settings s = Settings.builder().setAll(framing).set("package_max_length", 2 * SIZE)
                .set("buffer_input_size", 2 * SIZE).build();
        Framer framer = Framer.forSettings(s);
        List<Integer> packets = new ArrayList<>();
        for (int off = 0; off < stream.length; off += READ) {
            framer.feed(ByteBuffer.wrap(stream, off, Math.min(READ, stream.length - off)),
                    p -> packets.add(p.remaining()));
        }
        assertEquals(0, framer.buffered());
        return packets;
    }
}
