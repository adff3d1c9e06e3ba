package io.jswoole.reactor.nio;

import io.jswoole.testing.Sockets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.testing.SettingEffect;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.stream.Stream;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(30)
class SocketOptionsTest {
    private final NioReactorProvider reactor = new NioReactorProvider();
    private final InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of(Keys.TCP_DEFER_ACCEPT.key(), 5, 0),
                Arguments.of(Keys.TCP_FASTOPEN.key(), true, false),
                Arguments.of(Keys.TCP_USER_TIMEOUT.key(), 1000, 0));
    }

    @SettingEffect(keys = {"tcp_defer_accept", "tcp_fastopen", "tcp_user_timeout"}, modes = {"base", "process"}, reactors = "nio", refused = true)

    @ParameterizedTest
    @MethodSource("unsupported")
    void refusesWhatJavaNioCannotSetWhenItIsOn(String key, Object on, Object off) throws IOException {
        SettingsException e = assertThrows(SettingsException.class,
                () -> reactor.transport().listen(loopback, options(key, on)));
        assertEquals(key, e.key());
        assertEquals(key + " is not supported by the nio reactor; use reactor=epoll", e.getMessage());

        reactor.transport().listen(loopback, options(key, off)).close();
    }

    @Test
    void deferAcceptFromTypedSettingsIsRefused() {
        SocketOptions options = SocketOptions.of(Settings.builder().set(Keys.TCP_DEFER_ACCEPT, 5).build());
        SettingsException e = assertThrows(SettingsException.class, () -> reactor.transport().listen(loopback, options));
        assertEquals("tcp_defer_accept", e.key());
        assertTrue(e.getMessage().contains("tcp_defer_accept"));
    }

    @SettingEffect(keys = "enable_reuse_port", modes = {"base", "process"}, reactors = "nio")

    @Test
    void reusePortLetsTwoListenersShareAPort() throws IOException {
        SocketOptions reuse = options(Keys.ENABLE_REUSE_PORT.key(), true);
        try (ListenSocket first = reactor.transport().listen(loopback, reuse);
             ListenSocket second = reactor.transport().listen(first.localAddress(), reuse)) {
            assertEquals(first.localAddress(), second.localAddress());
        }
        try (ListenSocket first = reactor.transport().listen(loopback, Sockets.defaults())) {
            assertThrows(IOException.class, () -> reactor.transport().listen(first.localAddress(), Sockets.defaults()));
        }
    }

    @Test
    void reusePortLetsTwoDatagramSocketsShareAPort() throws IOException {
        SocketOptions reuse = options(Keys.ENABLE_REUSE_PORT.key(), true);
        try (DatagramSocket first = reactor.transport().bindDatagram(loopback, reuse);
             DatagramSocket second = reactor.transport().bindDatagram(first.localAddress(), reuse)) {
            assertEquals(first.localAddress(), second.localAddress());
        }
    }

    @SettingEffect(keys = {"open_tcp_nodelay", "open_tcp_keepalive", "tcp_keepidle", "tcp_keepinterval", "tcp_keepcount", "kernel_socket_recv_buffer_size", "kernel_socket_send_buffer_size"}, modes = {"base", "process"}, reactors = "nio")

    @Test
    void acceptedSocketsGetNoDelayKeepAliveAndBufferSizes() throws IOException {
        SocketOptions options = SocketOptions.of(Settings.builder()
                .set(Keys.OPEN_TCP_NODELAY, true)
                .set(Keys.OPEN_TCP_KEEPALIVE, true)
                .set(Keys.TCP_KEEPIDLE, 30)
                .set(Keys.TCP_KEEPINTERVAL, 7)
                .set(Keys.TCP_KEEPCOUNT, 4)
                .set(Keys.KERNEL_SOCKET_SEND_BUFFER_SIZE, 64L * 1024)
                .set(Keys.KERNEL_SOCKET_RECV_BUFFER_SIZE, 64L * 1024)
                .build());
        try (ListenSocket listener = reactor.transport().listen(loopback, options)) {
            assertTrue(((NioListenSocket) listener).channel().getOption(StandardSocketOptions.SO_RCVBUF) >= 64 * 1024);
            try (Socket client = new Socket()) {
                client.connect(listener.localAddress());
                try (StreamSocket accepted = Sockets.acceptOne(reactor, listener)) {
                    SocketChannel channel = ((NioStreamSocket) accepted).channel();
                    assertFalse(channel.isBlocking());
                    assertTrue(channel.getOption(StandardSocketOptions.TCP_NODELAY));
                    assertTrue(channel.getOption(StandardSocketOptions.SO_KEEPALIVE));
                    assertEquals(30, channel.getOption(ExtendedSocketOptions.TCP_KEEPIDLE));
                    assertEquals(7, channel.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL));
                    assertEquals(4, channel.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT));
                    assertTrue(channel.getOption(StandardSocketOptions.SO_SNDBUF) >= 64 * 1024);
                }
            }
        }
    }

    @Test
    void optionsThatAreOffAreLeftOff() throws IOException {
        SocketOptions options = SocketOptions.of(Settings.builder().set(Keys.OPEN_TCP_NODELAY, false).build());
        try (ListenSocket listener = reactor.transport().listen(loopback, options);
             Socket client = new Socket()) {
            client.connect(listener.localAddress());
            try (StreamSocket accepted = Sockets.acceptOne(reactor, listener)) {
                SocketChannel channel = ((NioStreamSocket) accepted).channel();
                assertFalse(channel.getOption(StandardSocketOptions.TCP_NODELAY));
                assertFalse(channel.getOption(StandardSocketOptions.SO_KEEPALIVE));
            }
        }
    }

    private static SocketOptions options(String key, Object value) {
        return SocketOptions.of(Settings.builder().set(key, value).build());
    }
}
