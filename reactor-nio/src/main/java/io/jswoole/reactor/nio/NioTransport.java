package io.jswoole.reactor.nio;

import io.jswoole.settings.SettingsException;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.spi.reactor.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * Opens the JDK's channels: TCP and UDP over IPv4 or IPv6, and Unix stream sockets. There is no
 * Unix datagram socket in java.nio, so {@link #bindDatagram} refuses a Unix address.
 */
final class NioTransport implements Transport {

    @Override
    public ListenSocket listen(SocketAddress address, SocketOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        if (address instanceof UnixDomainSocketAddress unix) {
            return listenUnix(unix, options);
        }
        InetSocketAddress inet = inet(address);
        NioSocketOptions.refuseUnsupportedTcp(options);
        ServerSocketChannel channel = ServerSocketChannel.open(family(inet));
        try {
            AcceptedOptions accepted = NioSocketOptions.configureTcpListener(channel, options);
            channel.bind(inet, options.backlog());
            channel.configureBlocking(false);
            return new NioListenSocket(channel, accepted, null);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    private static ListenSocket listenUnix(UnixDomainSocketAddress address, SocketOptions options)
            throws IOException {
        UnixSocketFile.deleteIfStale(address);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            AcceptedOptions accepted = NioSocketOptions.configureUnixListener(channel, options);
            channel.bind(address, options.backlog());
            UnixSocketFile file = UnixSocketFile.boundAt(address.getPath());
            channel.configureBlocking(false);
            return new NioListenSocket(channel, accepted, file);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws SettingsException (key {@code reactor}) for a {@link UnixDomainSocketAddress}
     */
    @Override
    public DatagramSocket bindDatagram(SocketAddress address, SocketOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        if (address instanceof UnixDomainSocketAddress) {
            throw new SettingsException("reactor", "Unix datagram sockets are not supported by the nio reactor"
                    + " (java.nio has no Unix DatagramChannel); use reactor=epoll");
        }
        InetSocketAddress inet = inet(address);
        DatagramChannel channel = DatagramChannel.open(family(inet));
        try {
            NioSocketOptions.configureDatagram(channel, options);
            channel.bind(inet);
            channel.configureBlocking(false);
            return new NioDatagramSocket(channel);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    @Override
    public StreamSocket connect(SocketAddress address) throws IOException {
        ProtocolFamily family = address instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX
                : family(inet(address));
        SocketChannel channel = SocketChannel.open(family);
        try {
            channel.connect(address);
            channel.configureBlocking(false);
            return new NioStreamSocket(channel);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    private static InetSocketAddress inet(SocketAddress address) throws UnknownHostException {
        if (!(address instanceof InetSocketAddress inet)) {
            throw new IllegalArgumentException("the nio transport takes an InetSocketAddress or a"
                    + " UnixDomainSocketAddress, not " + (address == null ? "null" : address.getClass().getName()));
        }
        if (inet.isUnresolved()) {
            throw new UnknownHostException(inet.getHostString());
        }
        return inet;
    }

    private static ProtocolFamily family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    private static void closeAfterFailure(Closeable channel, Exception failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
