package io.jswoole.testsuite;

import io.jswoole.testing.Sockets;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Registration;
import io.jswoole.spi.reactor.StreamSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a socket or poller ends (close, abort, close while registered, cancel then close,
 * a listener's own close, closing the poller) gives its descriptor back: the count in
 * /proc/self/fd returns to where it was.
 */
@Timeout(60)
class DescriptorLeakContractTest {

    @ReactorTest
    void noDescriptorIsLeaked(ReactorProvider reactor, @TempDir Path dir) throws Exception {
        Reactors.requireAvailable(reactor);
        assumeTrue(Descriptors.supported(), "no /proc/self/fd here");
        workload(reactor, dir.resolve("warm.sock")); // class loading and lazy JDK state open files once
        long before = Descriptors.count();
        for (int round = 0; round < 3; round++) {
            workload(reactor, dir.resolve("leak" + round + ".sock"));
        }
        long after = Descriptors.count();
        // Three rounds open dozens of descriptors each: a leak shows as growth. The count may drop
        // if something unrelated in this JVM (an earlier test's socket) closes meanwhile.
        assertTrue(after <= before, "descriptors open before " + before + ", after " + after);
    }

    private static void workload(ReactorProvider reactor, Path unixPath) throws Exception {
        List<Socket> clients = new ArrayList<>();
        List<StreamSocket> servers = new ArrayList<>();
        Poller poller = reactor.openPoller();
        try (ListenSocket listener = Sockets.listen(reactor)) {
            for (int i = 0; i < 20; i++) {
                clients.add(Sockets.connect(listener));
                StreamSocket s = Sockets.acceptOne(reactor, listener);
                servers.add(s);
                Registration r = poller.register(s, Poller.READ | Poller.WRITE, ops -> { });
                s.write(ByteBuffer.wrap(new byte[] {(byte) i}));
                switch (i % 4) {
                    case 0 -> s.close(); // while registered
                    case 1 -> {
                        r.cancel();
                        s.close();
                    }
                    case 2 -> s.abort();
                    default -> { } // left to the end
                }
            }
            poller.poll(0);
            try (StreamSocket out = reactor.transport().connect(listener.localAddress());
                 StreamSocket in = Sockets.acceptOne(reactor, listener)) {
                out.shutdownOutput();
                in.shutdownOutput();
            }
        } finally {
            poller.close();
            for (StreamSocket s : servers) {
                s.close();
            }
            for (Socket c : clients) {
                c.close();
            }
        }
        try (DatagramSocket udp = reactor.transport().bindDatagram(Sockets.LOOPBACK, Sockets.defaults());
             ListenSocket unix = reactor.transport().listen(UnixDomainSocketAddress.of(unixPath), Sockets.defaults());
             Poller second = reactor.openPoller()) {
            second.register(udp, Poller.READ, ops -> { });
            second.register(unix, Poller.READ, ops -> { });
            second.poll(0);
        }
    }
}
