package io.jswoole.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/** A blocking client: writes a payload on one thread, reads the echo to end of stream on the caller's. */
public final class EchoClient {
    private static final long WRITER_DEADLINE_MILLIS = 20_000;

    private EchoClient() {
    }

    public interface Closer {
        void run() throws IOException;
    }

    /**
     * Streams over a blocking channel that, unlike {@link java.nio.channels.Channels#newInputStream},
     * do not hold the channel's blocking lock while reading, so one thread can write meanwhile.
     */
    public static InputStream in(ByteChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    public static OutputStream out(ByteChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }

    public static byte[] payload(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    public static void assertEchoes(InputStream in, OutputStream out, Closer shutdownOutput, byte[] payload)
            throws Exception {
        AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                out.write(payload);
                out.flush();
                shutdownOutput.run();
            } catch (Throwable e) {
                writeFailure.set(e);
            }
        }, "echo-client-writer");
        writer.start();
        try {
            byte[] echoed = in.readAllBytes();
            assertArrayEquals(payload, echoed);
        } finally {
            writer.join(WRITER_DEADLINE_MILLIS);
        }
        assertFalse(writer.isAlive(), "the writer did not finish");
        if (writeFailure.get() != null) {
            throw new AssertionError("write failed", writeFailure.get());
        }
    }
}
