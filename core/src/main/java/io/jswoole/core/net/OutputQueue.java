package io.jswoole.core.net;

import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import io.jswoole.core.loop.OutputBuffers;
import java.util.ArrayDeque;

/**
 * A connection's queued output, copied into pooled buffers (small pieces appended to the last
 * buffer while it has room) and written with as few (gathering) writes as the socket allows.
 */
final class OutputQueue {
    private static final int MAX_GATHER = 64;

    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private final OutputBuffers buffers;
    private ByteBuffer[] gather;
    private long bytes;

    /** @param buffers where written chunks go back to be reused */
    OutputQueue(OutputBuffers buffers) {
        this.buffers = buffers;
    }

    /** Queues a copy of {@code data[offset, offset + length)}. */
    void append(byte[] data, int offset, int length) {
        ByteBuffer tail = chunks.peekLast();
        if (tail != null && tail.capacity() - tail.limit() >= length) {
            int at = tail.limit();
            tail.limit(at + length);
            tail.put(at, data, offset, length);
        } else {
            chunks.add(buffers.copyOf(data, offset, length));
        }
        bytes += length;
    }

    /** Queues a copy of {@code src}'s remaining bytes; its position does not move. */
    void append(ByteBuffer src) {
        int length = src.remaining();
        ByteBuffer tail = chunks.peekLast();
        if (tail != null && tail.capacity() - tail.limit() >= length) {
            int at = tail.limit();
            tail.limit(at + length);
            tail.put(at, src, src.position(), length);
        } else {
            chunks.add(buffers.copyOf(src));
        }
        bytes += length;
    }

    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return bytes == 0;
    }

    /** Writes until the queue is empty or the socket takes no more; returns the bytes written. */
    long writeTo(StreamSocket socket) throws IOException {
        long total = 0;
        while (!chunks.isEmpty()) {
            long asked;
            long n;
            if (chunks.size() == 1) {
                ByteBuffer only = chunks.peek();
                asked = only.remaining();
                n = socket.write(only);
            } else {
                if (gather == null) {
                    gather = new ByteBuffer[MAX_GATHER];
                }
                int count = 0;
                asked = 0;
                for (ByteBuffer b : chunks) {
                    gather[count++] = b;
                    asked += b.remaining();
                    if (count == MAX_GATHER) {
                        break;
                    }
                }
                n = socket.write(gather, 0, count);
                java.util.Arrays.fill(gather, 0, count, null);
            }
            total += n;
            bytes -= n;
            while (!chunks.isEmpty() && !chunks.peek().hasRemaining()) {
                buffers.release(chunks.poll());
            }
            if (n < asked) {
                break;
            }
        }
        return total;
    }

    void clear() {
        chunks.forEach(buffers::release);
        chunks.clear();
        bytes = 0;
    }
}
