package io.jswoole.reactor.nio;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Setting;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.reactor.SocketOptions;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import jdk.net.ExtendedSocketOptions;

/**
 * Applies a port's {@link SocketOptions} to java.nio channels before they are bound. An option
 * java.nio cannot set fails with a {@link SettingsException} naming it; an option that does not
 * apply to the socket type (TCP_NODELAY on a Unix socket, say) is skipped.
 */
final class NioSocketOptions {

    private NioSocketOptions() {
    }

    /** Refuses the TCP listener options that java.nio has no way to set, when they are on. */
    static void refuseUnsupportedTcp(SocketOptions options) {
        if (options.deferAcceptSeconds() > 0) {
            throw notSupported(Keys.TCP_DEFER_ACCEPT);
        }
        if (options.fastOpen()) {
            throw notSupported(Keys.TCP_FASTOPEN);
        }
        if (options.userTimeoutMillis() > 0) {
            throw notSupported(Keys.TCP_USER_TIMEOUT);
        }
    }

    /** Configures an unbound TCP listener; returns what its accepted connections get. */
    static AcceptedOptions configureTcpListener(ServerSocketChannel listener, SocketOptions options)
            throws IOException {
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        reusePort(listener, options);
        receiveBuffer(listener, options);
        boolean keepAlive = options.keepAlive();
        return new AcceptedOptions(options.tcpNoDelay(), keepAlive,
                keepAliveTiming(listener, options, ExtendedSocketOptions.TCP_KEEPIDLE, Keys.TCP_KEEPIDLE,
                        options.keepIdleSeconds()),
                keepAliveTiming(listener, options, ExtendedSocketOptions.TCP_KEEPINTERVAL, Keys.TCP_KEEPINTERVAL,
                        options.keepIntervalSeconds()),
                keepAliveTiming(listener, options, ExtendedSocketOptions.TCP_KEEPCOUNT, Keys.TCP_KEEPCOUNT,
                        options.keepCount()),
                options.sendBufferSize());
    }

    /** Configures an unbound Unix stream listener; returns what its accepted connections get. */
    static AcceptedOptions configureUnixListener(ServerSocketChannel listener, SocketOptions options)
            throws IOException {
        receiveBuffer(listener, options);
        return AcceptedOptions.sendBufferOnly(options.sendBufferSize());
    }

    /** Configures an unbound UDP socket. */
    static void configureDatagram(DatagramChannel socket, SocketOptions options) throws IOException {
        reusePort(socket, options);
        receiveBuffer(socket, options);
        if (options.sendBufferSize() > 0) {
            socket.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferSize());
        }
    }

    private static void reusePort(NetworkChannel socket, SocketOptions options) throws IOException {
        if (!options.reusePort()) {
            return;
        }
        if (!socket.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
            String key = Keys.ENABLE_REUSE_PORT.key();
            throw new SettingsException(key, key + ": SO_REUSEPORT is not supported on this platform");
        }
        socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
    }

    private static void receiveBuffer(NetworkChannel socket, SocketOptions options) throws IOException {
        // Set before bind: on a listener, accepted connections inherit it (and the TCP window scale).
        if (options.receiveBufferSize() > 0) {
            socket.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize());
        }
    }

    /**
     * The keep-alive timing to set on accepted connections, or 0 when keep-alive is off, or when
     * the platform lacks the option and the user left it at its default.
     */
    private static int keepAliveTiming(ServerSocketChannel listener, SocketOptions options,
                                       SocketOption<Integer> option, Setting<Integer> setting, int value) {
        if (!options.keepAlive()) {
            return 0;
        }
        // Connections support the same extended TCP options as their listener.
        if (listener.supportedOptions().contains(option)) {
            return value;
        }
        if (options.isSet(setting)) {
            throw new SettingsException(setting.key(), setting.key() + " (" + option.name()
                    + ") is not supported by the nio reactor on this platform");
        }
        return 0;
    }

    private static SettingsException notSupported(Setting<?> setting) {
        String key = setting.key();
        return new SettingsException(key, key + " is not supported by the nio reactor; use reactor=epoll");
    }
}
