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

    /**
     * Takes over a socket this process was given already bound, by its descriptor (systemd's
     * socket activation): a listening stream socket becomes a {@link ListenSocket}, a datagram
     * socket a {@link DatagramSocket}, non-blocking and close-on-exec, with the address it is bound
     * to as its local address. Its options stay as they were given; closing it removes no socket
     * file (the file is its creator's). A descriptor that is no socket, or a stream socket that does
     * not listen, fails with an {@link IOException} saying so.
     *
     * @throws UnsupportedOperationException if this provider cannot work on a raw descriptor (the
     *                                       default)
     */
    default Pollable adopt(int fd) throws IOException {
        throw new UnsupportedOperationException("this reactor cannot take over a socket by its descriptor");
    }

    /**
     * Whether this provider's sockets have descriptors that {@link #descriptor} hands out and
     * {@link #adopt} takes over (false by default).
     */
    default boolean passesDescriptors() {
        return false;
    }

    /**
     * The descriptor of a socket this transport opened or {@linkplain #adopt adopted}, so that
     * another process can take it over (base-mode workers sharing their master's listening
     * socket). The socket stays open here too.
     *
     * @throws UnsupportedOperationException if this provider's sockets have no descriptor to hand
     *                                       out (the default)
     */
    default int descriptor(Pollable socket) {
        throw new UnsupportedOperationException("this reactor cannot hand out a socket's descriptor");
    }
}
