package io.jswoole.reactor.nio;

import io.jswoole.testing.EchoClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class UnixStreamTest {
    private final NioReactorProvider reactor = new NioReactorProvider();

    @TempDir
    Path dir;

    @Test
    void echoesAndRemovesTheSocketFileOnClose() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("echo.sock"));
        ListenSocket listener = reactor.transport().listen(address, TcpTest.defaults());
        try (EchoServer server = new EchoServer(reactor, listener)) {
            assertEquals(address, server.address());
            try (SocketChannel client = SocketChannel.open(address)) {
                EchoClient.assertEchoes(EchoClient.in(client), EchoClient.out(client),
                        client::shutdownOutput, EchoClient.payload(256 * 1024));
            }
        }
        assertFalse(Files.exists(address.getPath()), "the socket file is removed on close");
    }

    @Test
    void replacesAStaleSocketFile() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("stale.sock"));
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(address);
        }
        assertTrue(Files.exists(address.getPath()), "the JDK leaves the file behind");
        try (ListenSocket listener = reactor.transport().listen(address, TcpTest.defaults());
             SocketChannel client = SocketChannel.open(address);
             StreamSocket accepted = TcpTest.acceptOne(listener)) {
            assertTrue(client.isConnected());
            assertNotNull(accepted);
        }
    }

    @Test
    void leavesALiveSocketAlone() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("live.sock"));
        try (ListenSocket first = reactor.transport().listen(address, TcpTest.defaults())) {
            assertThrows(IOException.class, () -> reactor.transport().listen(address, TcpTest.defaults()).close());
            try (SocketChannel client = SocketChannel.open(address);
                 StreamSocket accepted = TcpTest.acceptOne(first)) {
                assertTrue(client.isConnected());
                assertNotNull(accepted, "the first listener still owns the path");
            }
        }
    }

    @Test
    void leavesARegularFileAlone() throws IOException {
        Path path = dir.resolve("not-a-socket");
        Files.writeString(path, "data");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        assertThrows(IOException.class, () -> reactor.transport().listen(address, TcpTest.defaults()).close());
        assertEquals("data", Files.readString(path));
    }

    @Test
    void skipsTcpOnlyOptions() throws IOException {
        SocketOptions tcpOnly = SocketOptions.of(Settings.builder()
                .set(Keys.TCP_DEFER_ACCEPT, 5)
                .set(Keys.OPEN_TCP_KEEPALIVE, true)
                .set(Keys.ENABLE_REUSE_PORT, true)
                .build());
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("opts.sock"));
        try (ListenSocket listener = reactor.transport().listen(address, tcpOnly);
             StreamSocket client = reactor.transport().connect(address);
             StreamSocket accepted = TcpTest.acceptOne(listener)) {
            assertEquals(address, client.remoteAddress());
            assertNotNull(accepted);
            accepted.abort();
        }
    }
}
