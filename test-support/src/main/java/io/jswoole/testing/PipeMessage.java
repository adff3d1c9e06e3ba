package io.jswoole.testing;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/** A pipe message as sent or received, with its payload copied out for assertions. */
public record PipeMessage(int type, int flags, int reactorId, int session, byte[] payload) {

    /** Copies a received message (the payload buffer's position does not move). */
    public static PipeMessage copyOf(int type, int flags, int reactorId, int session, ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(payload.position(), bytes);
        return new PipeMessage(type, flags, reactorId, session, bytes);
    }

    /** {@code size} pseudo-random bytes from {@code seed}. */
    public static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The payload, to offer. */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PipeMessage m && type == m.type && flags == m.flags && reactorId == m.reactorId
                && session == m.session && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return 31 * session + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "PipeMessage[type " + type + ", flags " + flags + ", reactor " + reactorId + ", session " + session
                + ", " + payload.length + " bytes]";
    }
}
