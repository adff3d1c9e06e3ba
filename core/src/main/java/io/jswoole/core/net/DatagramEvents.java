package io.jswoole.core.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/** Datagrams arriving on a loop's datagram ports; called on the loop's thread. */
@FunctionalInterface
public interface DatagramEvents {

    /** {@code data} is valid only during the call. */
    void onDatagram(DatagramPort port, SocketAddress from, ByteBuffer data);
}
