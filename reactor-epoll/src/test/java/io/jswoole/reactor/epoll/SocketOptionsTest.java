package io.jswoole.reactor.epoll;

import io.jswoole.testing.Sockets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.testing.SettingEffect;
import java.io.IOException;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every listening-port option, read back with getsockopt from the listener and an accepted socket. */
@Timeout(30)
@SuppressWarnings("try") // resources held open for the test, not used by name
class SocketOptionsTest {

    private static final SocketOptions ALL_ON = SocketOptions.of(Settings.builder()
            .set(Keys.BACKLOG, 64)
            .set(Keys.OPEN_TCP_NODELAY, true)
            .set(Keys.OPEN_TCP_KEEPALIVE, true)
            .set(Keys.TCP_KEEPIDLE, 30)
            .set(Keys.TCP_KEEPINTERVAL, 7)
            .set(Keys.TCP_KEEPCOUNT, 4)
            .set(Keys.TCP_DEFER_ACCEPT, 5)
            .set(Keys.TCP_FASTOPEN, true)
            .set(Keys.TCP_USER_TIMEOUT, 12_345)
            .set(Keys.ENABLE_REUSE_PORT, true)
            .set(Keys.KERNEL_SOCKET_RECV_BUFFER_SIZE, 96L * 1024)
            .set(Keys.KERNEL_SOCKET_SEND_BUFFER_SIZE, 80L * 1024)
            .build());

    @SettingEffect(keys = {"open_tcp_nodelay", "open_tcp_keepalive", "tcp_keepidle", "tcp_keepinterval", "tcp_keepcount", "tcp_defer_accept", "tcp_fastopen", "tcp_user_timeout", "enable_reuse_port", "kernel_socket_recv_buffer_size", "kernel_socket_send_buffer_size"}, modes = {"base", "process"}, reactors = "epoll")

    @Test
    void theListenerCarriesEveryOption() throws IOException {
        try (ListenSocket listener = Loopback.REACTOR.transport().listen(Sockets.LOOPBACK, ALL_ON)) {
            int fd = Loopback.fd(listener);
            assertEquals(1, tcp(fd, Linux.TCP_NODELAY));
            assertEquals(1, socket(fd, Linux.SO_KEEPALIVE));
            assertEquals(30, tcp(fd, Linux.TCP_KEEPIDLE));
            assertEquals(7, tcp(fd, Linux.TCP_KEEPINTVL));
            assertEquals(4, tcp(fd, Linux.TCP_KEEPCNT));
            // The kernel rounds the defer timeout up to whole SYN-ACK retransmissions.
            assertTrue(tcp(fd, Linux.TCP_DEFER_ACCEPT) >= 5, "TCP_DEFER_ACCEPT " + tcp(fd, Linux.TCP_DEFER_ACCEPT));
            assertEquals(ListenerOptions.FAST_OPEN_QUEUE, tcp(fd, Linux.TCP_FASTOPEN));
            assertEquals(12_345, tcp(fd, Linux.TCP_USER_TIMEOUT));
            assertEquals(1, socket(fd, Linux.SO_REUSEPORT));
            assertEquals(1, socket(fd, Linux.SO_REUSEADDR));
            // Linux doubles the requested sizes for its own bookkeeping.
            assertEquals(2 * 96 * 1024, socket(fd, Linux.SO_RCVBUF));
            assertEquals(2 * 80 * 1024, socket(fd, Linux.SO_SNDBUF));
        }
    }

    @Test
    void acceptedConnectionsInheritTheirOptionsWithoutFurtherCalls() throws IOException {
        try (ListenSocket listener = Loopback.REACTOR.transport().listen(Sockets.LOOPBACK, ALL_ON);
             Socket client = Sockets.connect(listener)) {
            client.getOutputStream().write(1); // TCP_DEFER_ACCEPT holds the connection until data arrives
            try (StreamSocket accepted = Loopback.acceptOne(listener)) {
                int fd = Loopback.fd(accepted);
                assertEquals(1, tcp(fd, Linux.TCP_NODELAY));
                assertEquals(1, socket(fd, Linux.SO_KEEPALIVE));
                assertEquals(30, tcp(fd, Linux.TCP_KEEPIDLE));
                assertEquals(7, tcp(fd, Linux.TCP_KEEPINTVL));
                assertEquals(4, tcp(fd, Linux.TCP_KEEPCNT));
                assertEquals(12_345, tcp(fd, Linux.TCP_USER_TIMEOUT));
                assertEquals(2 * 80 * 1024, socket(fd, Linux.SO_SNDBUF));
                assertTrue(socket(fd, Linux.SO_RCVBUF) >= 96 * 1024, "SO_RCVBUF " + socket(fd, Linux.SO_RCVBUF));
            }
        }
    }

    @Test
    void optionsThatAreOffAreLeftOff() throws IOException {
        SocketOptions off = SocketOptions.of(Settings.builder().set(Keys.OPEN_TCP_NODELAY, false).build());
        try (ListenSocket listener = Loopback.REACTOR.transport().listen(Sockets.LOOPBACK, off);
             Socket client = Sockets.connect(listener);
             StreamSocket accepted = Loopback.acceptOne(listener)) {
            int fd = Loopback.fd(accepted);
            assertEquals(0, tcp(fd, Linux.TCP_NODELAY));
            assertEquals(0, socket(fd, Linux.SO_KEEPALIVE));
            assertEquals(0, tcp(fd, Linux.TCP_USER_TIMEOUT));
            assertEquals(0, tcp(Loopback.fd(listener), Linux.TCP_DEFER_ACCEPT));
            assertEquals(0, tcp(Loopback.fd(listener), Linux.TCP_FASTOPEN));
            assertEquals(0, socket(Loopback.fd(listener), Linux.SO_REUSEPORT));
        }
    }

    @SettingEffect(keys = "enable_reuse_port", modes = {"base", "process"}, reactors = "epoll")

    @Test
    void reusePortLetsTwoListenersAndTwoDatagramSocketsShareAPort() throws IOException {
        SocketOptions reuse = SocketOptions.of(Settings.builder().set(Keys.ENABLE_REUSE_PORT, true).build());
        try (ListenSocket first = Loopback.REACTOR.transport().listen(Sockets.LOOPBACK, reuse);
             ListenSocket second = Loopback.REACTOR.transport().listen(first.localAddress(), reuse)) {
            assertEquals(first.localAddress(), second.localAddress());
        }
        try (DatagramSocket first = Loopback.REACTOR.transport().bindDatagram(Sockets.LOOPBACK, reuse);
             DatagramSocket second = Loopback.REACTOR.transport().bindDatagram(first.localAddress(), reuse)) {
            assertEquals(first.localAddress(), second.localAddress());
        }
        try (ListenSocket first = Loopback.listen()) {
            assertThrows(java.net.BindException.class,
                    () -> Loopback.REACTOR.transport().listen(first.localAddress(), Sockets.defaults()));
        }
    }

    @Test
    void datagramSocketsGetTheirBufferSizes() throws IOException {
        try (DatagramSocket udp = Loopback.REACTOR.transport().bindDatagram(Sockets.LOOPBACK, ALL_ON)) {
            int fd = Loopback.fd(udp);
            assertEquals(2 * 96 * 1024, socket(fd, Linux.SO_RCVBUF));
            assertEquals(2 * 80 * 1024, socket(fd, Linux.SO_SNDBUF));
            assertEquals(1, socket(fd, Linux.SO_REUSEPORT));
        }
    }

    @Test
    void unixSocketsTakeTheBufferSizesAndSkipTcpOptions(@TempDir Path dir) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("opts.sock"));
        try (ListenSocket listener = Loopback.REACTOR.transport().listen(address, ALL_ON);
             StreamSocket client = Loopback.REACTOR.transport().connect(address);
             StreamSocket accepted = Loopback.acceptOne(listener)) {
            assertEquals(2 * 96 * 1024, socket(Loopback.fd(listener), Linux.SO_RCVBUF));
            assertEquals(2 * 80 * 1024, socket(Loopback.fd(accepted), Linux.SO_SNDBUF));
            assertEquals(address, client.remoteAddress());
        }
    }

    private static int tcp(int fd, int option) throws IOException {
        return Sockopt.get(fd, Linux.IPPROTO_TCP, option, "test");
    }

    private static int socket(int fd, int option) throws IOException {
        return Sockopt.get(fd, Linux.SOL_SOCKET, option, "test");
    }
}
