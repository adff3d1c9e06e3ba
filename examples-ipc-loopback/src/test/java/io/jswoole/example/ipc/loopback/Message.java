package io.jswoole.example.ipc.loopback;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/** A message as sent or received, with its payload copied out for assertions. */
record Message(int type, int flags, int reactorId, int session, byte[] payload) {

    static Message copyOf(int type, int flags, int reactorId, int session, ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(payload.position(), bytes);
        return new Message(type, flags, reactorId, session, bytes);
    }

    /** {@code size} pseudo-random bytes from {@code seed}. */
    static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && type == m.type && flags == m.flags && reactorId == m.reactorId
                && session == m.session && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return 31 * session + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Message[type " + type + ", flags " + flags + ", reactor " + reactorId + ", session " + session
                + ", " + payload.length + " bytes]";
    }
}
