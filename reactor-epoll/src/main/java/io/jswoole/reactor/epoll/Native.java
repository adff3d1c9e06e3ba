package io.jswoole.reactor.epoll;

import io.jswoole.linux.Libc;
import io.jswoole.linux.libc.SocketCalls;
import java.nio.ByteBuffer;

/**
 * The reactor's handle on the C library's socket calls ({@link Libc#sockets()}). Loading happens
 * when this class is first used; {@link Epoll} does that once, inside its probe, so that a failure
 * becomes the provider's unavailability cause instead of an error at some later call.
 */
final class Native {
    static final SocketCalls C = Libc.sockets();

    private Native() {
    }

    /** The address of a direct buffer's first byte (index 0, whatever its position). */
    static long address(ByteBuffer direct) {
        return Libc.address(direct);
    }
}
