package io.jswoole.spi.reactor;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/** A bound, non-blocking datagram socket (UDP or Unix datagram). */
public interface DatagramSocket extends Pollable {

    /** Receives one datagram into {@code dst}; returns its sender, or {@code null} if none is ready. */
    SocketAddress receive(ByteBuffer dst) throws IOException;

    /** Sends one datagram; returns the bytes sent (0 if the socket's buffer is full). */
    int send(ByteBuffer src, SocketAddress target) throws IOException;

    SocketAddress localAddress() throws IOException;
}
