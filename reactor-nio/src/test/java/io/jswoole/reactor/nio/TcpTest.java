package io.jswoole.reactor.nio;

import io.jswoole.testing.EchoClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.settings.Settings;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TcpTest {
    private static final int SO_TIMEOUT = (int) Await.DEADLINE_MILLIS;
    private final NioReactorProvider reactor = new NioReactorProvider();

    @Test
    void echoesOverIpv4() throws Exception {
        echo(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void echoesOverIpv6() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        assumeTrue(canBind(v6), "::1 cannot be bound here");
        echo(v6);
    }

    private void echo(InetAddress host) throws Exception {
        ListenSocket listener = reactor.transport().listen(new InetSocketAddress(host, 0), defaults());
        try (EchoServer server = new EchoServer(reactor, listener)) {
            InetSocketAddress bound = (InetSocketAddress) server.address();
            assertEquals(host, bound.getAddress());
            for (int size : new int[] {1, 1 << 20}) {
                try (Socket s = new Socket(host, bound.getPort())) {
                    s.setSoTimeout(SO_TIMEOUT);
                    EchoClient.assertEchoes(s.getInputStream(), s.getOutputStream(), s::shutdownOutput,
                            EchoClient.payload(size));
                }
            }
        }
    }

    @Test
    void abortResetsTheConnection() throws Exception {
        try (ListenSocket listener = listenOnLoopback();
             Socket client = connect(listener);
             StreamSocket server = acceptOne(listener)) {
            server.abort();
            assertThrows(SocketException.class, () -> client.getInputStream().read());
        }
    }

    @Test
    void shutdownOutputEndsThePeersStreamButKeepsReading() throws Exception {
        try (ListenSocket listener = listenOnLoopback();
             Socket client = connect(listener);
             StreamSocket server = acceptOne(listener)) {
            server.shutdownOutput();
            assertEquals(-1, client.getInputStream().read());
            client.getOutputStream().write(7);
            ByteBuffer in = ByteBuffer.allocate(4);
            try (Poller poller = reactor.openPoller()) {
                poller.register(server, Poller.READ, ops -> { });
                Await.pollUntil(poller, () -> {
                    try {
                        return server.read(in) > 0;
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
            }
            assertEquals(7, in.get(0));
        }
    }

    @Test
    void connectReturnsANonBlockingConnectedSocket() throws Exception {
        try (ListenSocket listener = listenOnLoopback();
             StreamSocket client = reactor.transport().connect(listener.localAddress());
             StreamSocket server = acceptOne(listener)) {
            assertEquals(listener.localAddress(), client.remoteAddress());
            assertEquals(client.localAddress(), server.remoteAddress());
            ByteBuffer buffer = ByteBuffer.allocate(16);
            assertEquals(0, client.read(buffer), "no data: a non-blocking read returns 0");
            ByteBuffer[] parts = {ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3})};
            assertEquals(3, server.write(parts, 0, 2));
            try (Poller poller = reactor.openPoller()) {
                poller.register(client, Poller.READ, ops -> { });
                Await.pollUntil(poller, () -> {
                    try {
                        client.read(buffer);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                    return buffer.position() == 3;
                });
            }
            assertEquals(3, buffer.get(2));
        }
    }

    private ListenSocket listenOnLoopback() throws IOException {
        return reactor.transport().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), defaults());
    }

    private static Socket connect(ListenSocket listener) throws IOException {
        Socket s = new Socket();
        s.connect(listener.localAddress(), SO_TIMEOUT);
        s.setSoTimeout(SO_TIMEOUT);
        return s;
    }

    /** Waits for one connection on {@code listener} with a poller. */
    static StreamSocket acceptOne(ListenSocket listener) throws IOException {
        AtomicReference<StreamSocket> accepted = new AtomicReference<>();
        try (Poller poller = new NioReactorProvider().openPoller()) {
            poller.register(listener, Poller.READ, ops -> {
                try {
                    accepted.set(listener.accept());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            Await.pollUntil(poller, () -> accepted.get() != null);
        }
        return accepted.get();
    }

    static SocketOptions defaults() {
        return SocketOptions.of(Settings.empty());
    }

    static boolean canBind(InetAddress address) {
        try (ServerSocketChannel c = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
            c.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
