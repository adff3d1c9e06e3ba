package io.jswoole.spi.reactor;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * Opens non-blocking sockets for one Reactor provider. Addresses are
 * {@link java.net.InetSocketAddress} (TCP/UDP over IPv4 or IPv6) or
 * {@link java.net.UnixDomainSocketAddress} (Unix sockets).
 */
public interface Transport {

    /**
     * Binds and listens. Options the provider cannot apply fail with a
     * {@link io.jswoole.settings.SettingsException} naming the setting, never silently; options
     * that do not apply to the socket type (TCP options on a Unix socket) are skipped. For a Unix
     * address, a stale socket file (one nobody accepts on) is replaced, a live one is an error, and
     * closing the listener removes the file it created.
     */
    ListenSocket listen(SocketAddress address, SocketOptions options) throws IOException;

    /** Binds a datagram socket. */
    DatagramSocket bindDatagram(SocketAddress address, SocketOptions options) throws IOException;

    /** Connects (blocking until connected) and returns the socket in non-blocking mode. */
    StreamSocket connect(SocketAddress address) throws IOException;
}
