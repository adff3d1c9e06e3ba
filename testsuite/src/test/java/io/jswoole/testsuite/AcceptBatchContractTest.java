package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.net.Acceptor;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.testing.Await;
import io.jswoole.testing.Sockets;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;

/**
 * An acceptor drains the listener's queue before it sets up any of the connections it took, on
 * every reactor: when its loop wakes first, the connections waiting go to it, not to whichever
 * loop is free while it is still registering the first ones.
 */
@Timeout(30)
class AcceptBatchContractTest {
    private static final int WAITING = 8;

    @ReactorTest
    void everyWaitingConnectionIsAcceptedBeforeTheFirstIsSetUp(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        List<Socket> clients = new ArrayList<>();
        List<StreamSocket> accepted = new ArrayList<>();
        AtomicReference<String> leftAtFirstSetUp = new AtomicReference<>();
        CountDownLatch all = new CountDownLatch(WAITING);
        EventLoop loop = new EventLoop(reactor, "accept-batch");
        Thread thread = new Thread(loop::run, "accept-batch-loop");
        try (ListenSocket listener = Sockets.listen(reactor)) {
            for (int i = 0; i < WAITING; i++) {
                clients.add(Sockets.connect(listener)); // completed by the kernel, queued until accepted
            }
            Acceptor acceptor = new Acceptor(loop, listener, "test", s -> {
                if (accepted.isEmpty()) {
                    leftAtFirstSetUp.set(describeNext(listener));
                    if (!leftAtFirstSetUp.get().equals("nothing")) {
                        all.countDown(); // the one taken (and closed) here never reaches this sink
                    }
                }
                accepted.add(s);
                all.countDown();
            });
            loop.execute(() -> {
                try {
                    acceptor.start();
                } catch (IOException e) {
                    leftAtFirstSetUp.set("cannot start: " + e);
                }
            });
            thread.start();
            assertTrue(all.await(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS), () -> accepted.size() + " accepted");
            assertEquals("nothing", leftAtFirstSetUp.get(), "the queue when the first connection was set up");
        } finally {
            loop.stop();
            thread.join(Await.DEADLINE_MILLIS);
            for (StreamSocket s : accepted) {
                s.close();
            }
            for (Socket c : clients) {
                c.close();
            }
        }
    }

    /** What the listener would give now: "nothing", or a connection still waiting (closed here). */
    private static String describeNext(ListenSocket listener) {
        try {
            StreamSocket s = listener.accept();
            if (s == null) {
                return "nothing";
            }
            s.close();
            return "a connection still waiting";
        } catch (IOException e) {
            return "accept failed: " + e;
        }
    }
}
