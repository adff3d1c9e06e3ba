package io.jswoole.core.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class OutputBuffersTest {

    @Test
    void copiesIntoDirectBuffersOfAPowerOfTwoAndReusesThem() {
        OutputBuffers pool = new OutputBuffers();
        byte[] data = new byte[5000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        ByteBuffer b = pool.copyOf(data, 100, 3000);
        assertTrue(b.isDirect());
        assertEquals(4096, b.capacity());
        assertEquals(3000, b.remaining());
        byte[] back = new byte[3000];
        b.duplicate().get(back);
        assertArrayEquals(Arrays.copyOfRange(data, 100, 3100), back);
        pool.release(b);
        ByteBuffer again = pool.copyOf(data, 0, 2049);
        assertSame(b, again);
        assertEquals(0, again.position());
        assertEquals(2049, again.limit());
    }

    @Test
    void smallOutputTakesTheSmallestPooledBufferAndLargeOutputStaysOnTheHeap() {
        OutputBuffers pool = new OutputBuffers();
        ByteBuffer small = pool.copyOf(new byte[64], 0, 64);
        assertTrue(small.isDirect());
        assertEquals(1024, small.capacity());
        assertEquals(64, small.remaining());
        assertFalse(pool.copyOf(new byte[100_000], 0, 100_000).isDirect());
        assertTrue(pool.copyOf(ByteBuffer.wrap(new byte[65_536])).isDirect());
    }

    @Test
    void buffersItDidNotMakeAreNotKept() {
        OutputBuffers pool = new OutputBuffers();
        ByteBuffer foreign = ByteBuffer.allocateDirect(3000);
        pool.release(foreign);
        assertNotSame(foreign, pool.copyOf(new byte[2000], 0, 2000));
    }

    @Test
    void keepsAtMostSixteenMebibytes() {
        OutputBuffers pool = new OutputBuffers();
        Set<ByteBuffer> taken = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 300; i++) {
            taken.add(pool.copyOf(new byte[65_536], 0, 65_536));
        }
        taken.forEach(pool::release);
        int reused = 0;
        for (int i = 0; i < 300; i++) {
            if (taken.contains(pool.copyOf(new byte[65_536], 0, 65_536))) {
                reused++;
            }
        }
        assertEquals(256, reused); // 16 MiB of 64 KiB buffers
    }
}
