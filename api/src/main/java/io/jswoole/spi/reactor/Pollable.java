package io.jswoole.spi.reactor;

import java.io.Closeable;

/** A socket a {@link Poller} can watch; only the sockets of the same provider's {@link Transport}. */
public interface Pollable extends Closeable {
    /** Closes the socket; idempotent. */
    @Override
    void close() throws java.io.IOException;
}
