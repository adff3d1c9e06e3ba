package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process mode on each reactor: the master's reactor thread polls client sockets and the pipes to
 * the worker processes in one poller, so both kinds of descriptor come from the chosen reactor.
 */
@Timeout(120)
class ProcessModeContractTest {

    @SettingEffect(keys = {"mode", "reactor"}, modes = "process")

    @ReactorTest
    void echoesThroughWorkerProcesses(ReactorProvider reactor, @TempDir Path dir) throws Exception {
        Reactors.requireAvailable(reactor);
        try (ServerProcess server = ServerProcess.start(dir, ProcessEchoApp.class, reactor.name())) {
            int tcp = server.port("TCP");
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, Await.DEADLINE_MILLIS);
            String started = server.awaitLine(l -> l.contains("process mode"), Await.DEADLINE_MILLIS);
            assertTrue(started != null && started.endsWith("reactor " + reactor.name()), "master said: " + started);
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    clients.add(Clients.connect("127.0.0.1", tcp));
                }
                for (Socket c : clients) {
                    ServerEchoTest.roundTrips(c, 10);
                }
            } finally {
                for (Socket c : clients) {
                    c.close();
                }
            }
            try (DatagramSocket udp = new DatagramSocket()) {
                udp.setSoTimeout((int) Await.DEADLINE_MILLIS);
                byte[] msg = "through a worker".getBytes(StandardCharsets.UTF_8);
                udp.send(new DatagramPacket(msg, msg.length, InetAddress.getByName("127.0.0.1"), server.port("UDP")));
                DatagramPacket reply = new DatagramPacket(new byte[64], 64);
                udp.receive(reply);
                assertEquals("through a worker", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
            }
        }
    }
}
