package io.jswoole.event;

import io.jswoole.PacketInfo;
import io.jswoole.Server;

/** onPacket: a datagram arrived on a UDP or Unix datagram port; reply with {@link Server#sendto}. */
@FunctionalInterface
public interface PacketHandler {
    void handle(Server server, byte[] data, PacketInfo client) throws Exception;
}
