package io.jswoole.spi.reactor;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/** A connected, non-blocking stream socket (TCP or Unix). */
public interface StreamSocket extends Pollable {

    /** Reads into {@code dst}: the bytes read, 0 if none are ready, -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes from {@code src}; returns the bytes written (possibly 0). */
    int write(ByteBuffer src) throws IOException;

    /** Gathering write; returns the bytes written (possibly 0). */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /** Half-closes: the peer sees end of stream, reading continues. */
    void shutdownOutput() throws IOException;

    /** Closes at once with a reset (SO_LINGER 0), dropping unsent data. */
    void abort() throws IOException;

    SocketAddress remoteAddress() throws IOException;

    SocketAddress localAddress() throws IOException;
}
