package io.jswoole;

/**
 * Where a datagram came from: pass it back to {@link Server#sendto(PacketInfo, byte[])} to reply.
 *
 * @param address      the sender's IP address, or socket path for Unix datagrams
 * @param port         the sender's port (0 for Unix datagrams)
 * @param serverSocket the id of the port that received it ({@link Port#id()})
 */
public record PacketInfo(String address, int port, int serverSocket) {
}
