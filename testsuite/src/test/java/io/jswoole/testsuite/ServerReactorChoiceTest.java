package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import io.jswoole.testing.Sockets;
import io.jswoole.testing.RunningServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.settings.Keys;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.testing.SettingEffect;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code reactor} setting really chooses the reactor: what epoll can do beyond java.nio works
 * on epoll, and on any other reactor either works too or fails start-up naming the setting —
 * never is silently ignored.
 */
@Timeout(60)
class ServerReactorChoiceTest {

    @SettingEffect(keys = "reactor", modes = "base")

    @ReactorTest
    void listenerOptionsBeyondJavaNio(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        Map<String, Object> options = Map.of(Keys.TCP_FASTOPEN.key(), true, Keys.TCP_DEFER_ACCEPT.key(), 3,
                Keys.TCP_USER_TIMEOUT.key(), 5000);
        for (Map.Entry<String, Object> option : options.entrySet()) {
            Server server = ServerEchoTest.echo(reactor, "127.0.0.1", SocketType.TCP);
            server.set(Map.of(option.getKey(), option.getValue()));
            SettingsException refused = startAndEcho(server);
            if (refused != null) {
                assertEquals(option.getKey(), refused.key(), refused.getMessage());
                if (reactor.name().equals("epoll")) {
                    fail("epoll refused " + option.getKey() + ": " + refused.getMessage());
                }
            }
        }
    }

    @ReactorTest
    void unixDatagramPorts(ReactorProvider reactor, @TempDir Path dir) throws Exception {
        Reactors.requireAvailable(reactor);
        Path path = dir.resolve("dgram.sock");
        Server server = new Server(path.toString(), 0, SocketType.UNIX_DGRAM);
        server.set(Keys.REACTOR, reactor.name());
        BlockingQueue<String> received = new ArrayBlockingQueue<>(4);
        server.onPacket((srv, data, client) -> {
            received.add(new String(data, StandardCharsets.UTF_8));
            srv.sendto(client, data); // the reply goes back to the sender's socket path
        });
        RunningServer running;
        try {
            running = RunningServer.start(server);
        } catch (AssertionError e) {
            SettingsException refused = settingsException(e.getCause());
            assertEquals("reactor", refused.key(), refused.getMessage());
            if (reactor.name().equals("epoll")) {
                fail("epoll refused a Unix datagram port: " + refused.getMessage());
            }
            return;
        }
        try (running;
             DatagramSocket client = reactor.transport().bindDatagram(
                     UnixDomainSocketAddress.of(dir.resolve("client.sock")), Sockets.defaults())) {
            client.send(ByteBuffer.wrap("over unix dgram".getBytes(StandardCharsets.UTF_8)),
                    UnixDomainSocketAddress.of(path));
            assertEquals("over unix dgram", received.poll(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS));
            ByteBuffer reply = ByteBuffer.allocate(64);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Await.DEADLINE_MILLIS);
            while (client.receive(reply) == null && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
            assertEquals("over unix dgram", new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8));
        }
    }

    /** Starts the server and echoes through it; returns the exception if start-up refused a setting. */
    private static SettingsException startAndEcho(Server server) throws Exception {
        RunningServer running;
        try {
            running = RunningServer.start(server);
        } catch (AssertionError e) {
            return settingsException(e.getCause());
        }
        try (running; Socket c = Clients.connect("127.0.0.1", running.port())) {
            ServerEchoTest.roundTrips(c, 3);
        }
        return null;
    }

    private static SettingsException settingsException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SettingsException e) {
                return e;
            }
        }
        throw new AssertionError("start-up failed without naming a setting", failure);
    }
}
