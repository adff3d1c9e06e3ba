package io.jswoole.reactor.epoll;

import io.jswoole.testing.EchoClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.net.BindException;
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
@SuppressWarnings("try") // resources held open for the test, not used by name
class UnixStreamTest {
    @TempDir
    Path dir;

    @Test
    void echoesAndRemovesTheSocketFileOnClose() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("echo.sock"));
        ListenSocket listener = Loopback.REACTOR.transport().listen(address, Loopback.defaults());
        try (EchoServer server = new EchoServer(Loopback.REACTOR, listener, true)) {
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
        try (ListenSocket listener = Loopback.REACTOR.transport().listen(address, Loopback.defaults());
             SocketChannel client = SocketChannel.open(address);
             StreamSocket accepted = Loopback.acceptOne(listener)) {
            assertTrue(client.isConnected());
            assertNotNull(accepted);
        }
    }

    @Test
    void aLiveSocketFileIsAnError() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("live.sock"));
        try (ListenSocket first = Loopback.REACTOR.transport().listen(address, Loopback.defaults())) {
            assertThrows(BindException.class,
                    () -> Loopback.REACTOR.transport().listen(address, Loopback.defaults()).close());
            try (SocketChannel client = SocketChannel.open(address);
                 StreamSocket accepted = Loopback.acceptOne(first)) {
                assertNotNull(accepted, "the first listener still owns the path");
            }
        }
    }

    @Test
    void leavesARegularFileAlone() throws IOException {
        Path path = dir.resolve("not-a-socket");
        Files.writeString(path, "data");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        assertThrows(IOException.class, () -> Loopback.REACTOR.transport().listen(address, Loopback.defaults()).close());
        assertEquals("data", Files.readString(path));
    }

    @Test
    void doesNotRemoveAFileThatReplacedItsOwn() throws IOException {
        Path path = dir.resolve("replaced.sock");
        ListenSocket listener = Loopback.REACTOR.transport().listen(UnixDomainSocketAddress.of(path), Loopback.defaults());
        Files.delete(path);
        Files.writeString(path, "someone else's");
        listener.close();
        assertEquals("someone else's", Files.readString(path));
    }

    @Test
    void aTooLongPathIsRefused() {
        Path path = dir.resolve("x".repeat(120));
        assertThrows(java.net.SocketException.class,
                () -> Loopback.REACTOR.transport().listen(UnixDomainSocketAddress.of(path), Loopback.defaults()).close());
    }
}
