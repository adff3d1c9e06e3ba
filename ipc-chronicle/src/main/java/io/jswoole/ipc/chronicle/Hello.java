package io.jswoole.ipc.chronicle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a connecting side writes first on the doorbell socket: a fixed {@value #SIZE} bytes, the
 * magic {@code "JSCQ"}, a one-byte length and the name of the link directory it created in the
 * server's directory, zero-padded. Fixed-size, so that the listener never reads past it into the
 * doorbell bytes behind it.
 */
final class Hello {
    static final int SIZE = 128;
    /** The longest link name. */
    static final int MAX_NAME = SIZE - 5;
    private static final int MAGIC = 0x4a534351;

    private Hello() {
    }

    static ByteBuffer encode(String linkName) {
        byte[] name = linkName.getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_NAME) {
            throw new IllegalArgumentException("link name longer than " + MAX_NAME + " bytes: " + linkName);
        }
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.putInt(MAGIC).put((byte) name.length).put(name);
        return b.clear();
    }

    /** The link name in a complete hello. */
    static String decode(ByteBuffer hello) throws IOException {
        if (hello.getInt(0) != MAGIC) {
            throw new IOException("not a chronicle pipe hello");
        }
        int length = hello.get(4) & 0xff;
        if (length == 0 || length > MAX_NAME) {
            throw new IOException("a hello with a link name of " + length + " bytes");
        }
        byte[] name = new byte[length];
        hello.get(5, name);
        return new String(name, StandardCharsets.UTF_8);
    }
}
