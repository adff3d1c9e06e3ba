package io.jswoole.reactor.epoll;

import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;

/**
 * Remembers the last IP sender address a datagram socket decoded, keyed by its raw bytes, so that
 * a peer sending many datagrams is turned into a {@link SocketAddress} once.
 */
final class SenderCache {
    private static final int MAX_CACHED = 32;

    private final long[] raw = new long[MAX_CACHED / 8];
    private int length = -1;
    private SocketAddress last;

    /** The address of {@code length} bytes at index 0 of {@code in}. */
    SocketAddress decode(ByteBuffer in, int length) throws SocketException {
        boolean cacheable = length <= MAX_CACHED && (length & 3) == 0 && length >= 8;
        if (cacheable && length == this.length && sameBytes(in, length)) {
            return last;
        }
        SocketAddress address = SockAddr.decode(in, length);
        if (cacheable) {
            for (int i = 0; i * 8 < length; i++) {
                raw[i] = word(in, i, length);
            }
            this.length = length;
            last = address;
        }
        return address;
    }

    private boolean sameBytes(ByteBuffer in, int length) {
        for (int i = 0; i * 8 < length; i++) {
            if (raw[i] != word(in, i, length)) {
                return false;
            }
        }
        return true;
    }

    /** The {@code i}th 8 bytes, or the last 4 of a length that is not a multiple of 8. */
    private static long word(ByteBuffer in, int i, int length) {
        int at = i * 8;
        return at + 8 <= length ? in.getLong(at) : in.getInt(at) & 0xffffffffL;
    }
}
