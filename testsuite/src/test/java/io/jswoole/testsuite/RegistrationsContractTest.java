package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import io.jswoole.testing.Sockets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Registration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Timeout;

/** Ten thousand sockets in one poller: each event reaches its own handler, and slots are reused. */
@Timeout(120)
class RegistrationsContractTest {
    private static final int SOCKETS = 10_000;

    @ReactorTest
    void tenThousandRegistrationsEachReachItsOwnHandler(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        List<DatagramSocket> sockets = new ArrayList<>(SOCKETS);
        List<Registration> registrations = new ArrayList<>(SOCKETS);
        AtomicIntegerArray calls = new AtomicIntegerArray(SOCKETS);
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        try (Poller poller = reactor.openPoller();
             java.net.DatagramSocket sender = new java.net.DatagramSocket(Sockets.LOOPBACK)) {
            for (int i = 0; i < SOCKETS; i++) {
                DatagramSocket s = reactor.transport().bindDatagram(Sockets.LOOPBACK, Sockets.defaults());
                sockets.add(s);
                int id = i;
                registrations.add(poller.register(s, Poller.READ, ops -> {
                    buffer.clear();
                    receive(s, buffer);
                    assertEquals(id, buffer.getInt(0), "socket " + id + " got another socket's datagram");
                    calls.incrementAndGet(id);
                }));
            }
            int[] targets = new Random(SOCKETS).ints(200, 0, SOCKETS).distinct().toArray();
            for (int t : targets) {
                byte[] id = ByteBuffer.allocate(4).putInt(t).array();
                sender.send(new DatagramPacket(id, 4, sockets.get(t).localAddress()));
            }
            Await.pollUntil(poller, () -> sum(calls) == targets.length);
            for (int t : targets) {
                assertEquals(1, calls.get(t), "socket " + t);
            }

            // Cancel every registration, then register every socket again: slots must be reused.
            for (Registration r : registrations) {
                r.cancel();
            }
            assertEquals(0, poller.poll(0), "cancelled registrations report nothing");
            int[] again = {0};
            for (DatagramSocket s : sockets) {
                poller.register(s, Poller.READ, ops -> {
                    buffer.clear();
                    receive(s, buffer);
                    again[0]++;
                });
            }
            sender.send(new DatagramPacket(new byte[4], 4, sockets.get(SOCKETS - 1).localAddress()));
            Await.pollUntil(poller, () -> again[0] == 1);
        } finally {
            for (DatagramSocket s : sockets) {
                s.close();
            }
        }
    }

    @ReactorTest
    void tenThousandRegisterAndCancelCyclesOnOneSocket(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        try (Poller poller = reactor.openPoller();
             DatagramSocket s = reactor.transport().bindDatagram(Sockets.LOOPBACK, Sockets.defaults())) {
            long start = System.nanoTime();
            for (int i = 0; i < SOCKETS; i++) {
                Registration r = poller.register(s, Poller.WRITE, ops -> { });
                if (i % 1000 == 0) {
                    assertEquals(1, poller.poll(0), "a datagram socket is writable");
                }
                r.cancel();
            }
            assertEquals(0, poller.poll(0));
            assertTrue(System.nanoTime() - start < 60_000_000_000L);
        }
    }

    private static int sum(AtomicIntegerArray a) {
        int n = 0;
        for (int i = 0; i < a.length(); i++) {
            n += a.get(i);
        }
        return n;
    }

    private static void receive(DatagramSocket s, ByteBuffer into) {
        try {
            s.receive(into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
