package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import io.jswoole.testing.EchoServer;
import io.jswoole.testing.Sockets;
import io.jswoole.testing.EchoClient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.StreamSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Echo through a provider's poller and sockets, checked with JDK clients and every other provider. */
@Timeout(60)
@SuppressWarnings("try") // resources held open for the test, not used by name
class EchoContractTest {

    @ReactorTest
    void echoesOneByteAndOneMebibyteOverTcpV4(ReactorProvider reactor) throws Exception {
        echo(Reactors.requireAvailable(reactor), InetAddress.getByName("127.0.0.1"));
    }

    @ReactorTest
    void echoesOverTcpV6(ReactorProvider reactor) throws Exception {
        assumeTrue(Sockets.ipv6(), "::1 is not configured");
        echo(Reactors.requireAvailable(reactor), InetAddress.getByName("::1"));
    }

    private static void echo(ReactorProvider reactor, InetAddress host) throws Exception {
        ListenSocket listener = reactor.transport().listen(new InetSocketAddress(host, 0), Sockets.defaults());
        try (EchoServer server = new EchoServer(reactor, listener)) {
            InetSocketAddress bound = (InetSocketAddress) server.address();
            assertEquals(host, bound.getAddress());
            for (int size : new int[] {1, 1 << 20}) {
                try (Socket s = new Socket(host, bound.getPort())) {
                    s.setSoTimeout((int) Await.DEADLINE_MILLIS);
                    EchoClient.assertEchoes(s.getInputStream(), s.getOutputStream(), s::shutdownOutput,
                            EchoClient.payload(size));
                }
            }
        }
    }

    @ReactorTest
    void echoesOverAUnixStreamSocketAndRemovesItsFile(ReactorProvider reactor, @TempDir Path dir) throws Exception {
        Reactors.requireAvailable(reactor);
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("echo.sock"));
        ListenSocket listener = reactor.transport().listen(address, Sockets.defaults());
        try (EchoServer server = new EchoServer(reactor, listener)) {
            try (SocketChannel client = SocketChannel.open(address)) {
                EchoClient.assertEchoes(EchoClient.in(client), EchoClient.out(client), client::shutdownOutput,
                        EchoClient.payload(300_000));
            }
        }
        assertEquals(false, Files.exists(address.getPath()));
    }

    /** A server of one provider and a client of another (Netty's cross-transport permutations). */
    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("io.jswoole.testsuite.Reactors#pairs")
    void echoesAcrossProviders(ReactorProvider serverReactor, ReactorProvider clientReactor) throws Exception {
        Reactors.requireAvailable(serverReactor);
        Reactors.requireAvailable(clientReactor);
        byte[] payload = EchoClient.payload(100_000);
        try (EchoServer server = new EchoServer(serverReactor, Sockets.listen(serverReactor));
             StreamSocket client = clientReactor.transport().connect(server.address());
             Poller poller = clientReactor.openPoller()) {
            poller.register(client, Poller.READ | Poller.WRITE, ops -> { });
            ByteBuffer out = ByteBuffer.wrap(payload);
            ByteBuffer in = ByteBuffer.allocateDirect(payload.length);
            Await.pollUntil(poller, () -> {
                try {
                    if (out.hasRemaining()) {
                        client.write(out);
                    }
                    client.read(in);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return !in.hasRemaining();
            });
            byte[] echoed = new byte[payload.length];
            in.flip().get(echoed);
            assertArrayEquals(payload, echoed);
        }
    }
}
