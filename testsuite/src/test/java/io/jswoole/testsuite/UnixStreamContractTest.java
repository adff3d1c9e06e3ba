package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.testing.Sockets;
import java.io.IOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How every provider's Unix stream listeners treat the file at their path. */
@Timeout(60)
@SuppressWarnings("try") // resources held open for the test, not used by name
class UnixStreamContractTest {
    @TempDir
    Path dir;

    private static ListenSocket listen(ReactorProvider reactor, UnixDomainSocketAddress address, SocketOptions options)
            throws IOException {
        return reactor.transport().listen(address, options);
    }

    @ReactorTest
    void replacesAStaleSocketFile(ReactorProvider reactor) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("stale.sock"));
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(address);
        }
        assertTrue(Files.exists(address.getPath()), "the JDK leaves the file behind");
        try (ListenSocket listener = listen(reactor, address, Sockets.defaults());
             SocketChannel client = SocketChannel.open(address);
             StreamSocket accepted = Sockets.acceptOne(reactor, listener)) {
            assertTrue(client.isConnected());
            assertNotNull(accepted);
        }
    }

    @ReactorTest
    void aLiveSocketFileIsAnErrorAndKeepsItsListener(ReactorProvider reactor) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("live.sock"));
        try (ListenSocket first = listen(reactor, address, Sockets.defaults())) {
            assertThrows(IOException.class, () -> listen(reactor, address, Sockets.defaults()).close());
            try (SocketChannel client = SocketChannel.open(address);
                 StreamSocket accepted = Sockets.acceptOne(reactor, first)) {
                assertNotNull(accepted, "the first listener still owns the path");
            }
        }
    }

    @ReactorTest
    void leavesARegularFileAlone(ReactorProvider reactor) throws IOException {
        Path path = dir.resolve("not-a-socket");
        Files.writeString(path, "data");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        assertThrows(IOException.class, () -> listen(reactor, address, Sockets.defaults()).close());
        assertEquals("data", Files.readString(path));
    }

    @ReactorTest
    void doesNotRemoveAFileThatReplacedItsOwn(ReactorProvider reactor) throws IOException {
        Path path = dir.resolve("replaced.sock");
        ListenSocket listener = listen(reactor, UnixDomainSocketAddress.of(path), Sockets.defaults());
        Files.delete(path);
        Files.writeString(path, "someone else's");
        listener.close();
        assertEquals("someone else's", Files.readString(path));
    }

    @ReactorTest
    void aTooLongPathIsRefused(ReactorProvider reactor) {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("x".repeat(120)));
        assertThrows(SocketException.class, () -> listen(reactor, address, Sockets.defaults()).close());
    }

    @ReactorTest
    void skipsTcpOnlyOptions(ReactorProvider reactor) throws IOException {
        SocketOptions tcpOnly = SocketOptions.of(Settings.builder()
                .set(Keys.TCP_DEFER_ACCEPT, 5)
                .set(Keys.OPEN_TCP_KEEPALIVE, true)
                .set(Keys.ENABLE_REUSE_PORT, true)
                .build());
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("opts.sock"));
        try (ListenSocket listener = listen(reactor, address, tcpOnly);
             StreamSocket client = reactor.transport().connect(address);
             StreamSocket accepted = Sockets.acceptOne(reactor, listener)) {
            assertEquals(address, client.remoteAddress());
            assertNotNull(accepted);
            accepted.abort();
        }
    }
}
