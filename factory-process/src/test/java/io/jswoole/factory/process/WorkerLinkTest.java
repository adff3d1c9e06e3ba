package io.jswoole.factory.process;

import io.jswoole.Server;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.net.Connection;
import io.jswoole.core.net.ConnectionOwner;
import io.jswoole.core.net.PortConfig;
import io.jswoole.core.pipe.Endpoint;
import io.jswoole.reactor.nio.NioReactorProvider;
import io.jswoole.spi.ConnectionEvent;
import io.jswoole.spi.Factory;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * The connections a link stops reading while its worker cannot take more: each once, and none that
 * closed; and a replaced worker's successor gets nothing until the old process has closed its pipe.
 */
@Timeout(30)
class WorkerLinkTest {
    private EventLoop loop;
    private PortConfig port;
    private final WorkerLink link = new WorkerLink(0);

    @BeforeEach
    void setUp() throws IOException {
        loop = new EventLoop(new NioReactorProvider(), "test");
        port = PortConfig.of(new Server("127.0.0.1", 0).ports().get(0));
    }

    @AfterEach
    void tearDown() {
        loop.stop();
        loop.run(); // closes the poller
    }

    @Test
    void aConnectionSuspendedTwiceWaitsOnce() {
        assertEquals(WorkerLink.Outcome.QUEUED, link.send(Msg.RECEIVE, 0, 0, 1, ByteBuffer.allocate(4)),
                "no worker attached: the message waits");
        Connection a = connection(1);
        Connection b = connection(2);
        link.suspend(a);
        link.suspend(a);
        link.suspend(b);
        assertEquals(2, link.suspendedCount());
    }

    @Test
    void aConnectionThatClosesIsNoLongerHeld() {
        Connection a = connection(1);
        Connection b = connection(2);
        link.suspend(a);
        link.suspend(b);
        b.close(true, true);
        assertEquals(1, link.suspendedCount(), "the closed connection left the backlog's list");
        link.suspend(b);
        assertEquals(1, link.suspendedCount(), "a closed connection is not suspended again");
    }

    @Test
    void aSuccessorGetsNewMessagesOnlyOnceTheOldWorkerHasClosedItsPipe() {
        RecordingChannel toOld = new RecordingChannel(Integer.MAX_VALUE);
        RecordingChannel toNew = new RecordingChannel(Integer.MAX_VALUE);
        Endpoint<WorkerLink> old = endpoint(toOld);
        Endpoint<WorkerLink> fresh = endpoint(toNew);
        link.attach(old, 0);
        assertEquals(WorkerLink.Outcome.SENT, link.send(Msg.RECEIVE, 0, 0, 1, numbered(1)));
        link.attach(fresh, 0); // the successor said HELLO: the old pipe is retired
        assertEquals(WorkerLink.Outcome.QUEUED, link.send(Msg.RECEIVE, 0, 0, 1, numbered(2)),
                "the old worker still holds message 1: its reply must come first");
        assertEquals(List.of("1"), toOld.payloads());
        assertEquals(List.of(), toNew.payloads());
        link.detached(old, false); // the old worker handled all it had and closed its pipe
        link.resume();
        assertEquals(List.of("2"), toNew.payloads());
        assertEquals(WorkerLink.Outcome.SENT, link.send(Msg.RECEIVE, 0, 0, 1, numbered(3)));
        assertEquals(List.of("2", "3"), toNew.payloads());
        assertEquals(List.of("1"), toOld.payloads());
    }

    @Test
    void aWorkerThatSaidGoodbyeHoldsBackItsSuccessorUntilItsPipeCloses() {
        RecordingChannel toOld = new RecordingChannel(Integer.MAX_VALUE);
        RecordingChannel toNew = new RecordingChannel(Integer.MAX_VALUE);
        Endpoint<WorkerLink> old = endpoint(toOld);
        Endpoint<WorkerLink> fresh = endpoint(toNew);
        link.attach(old, 0);
        link.send(Msg.RECEIVE, 0, 0, 1, numbered(1));
        link.goodbye(old);
        link.attach(fresh, 0);
        assertEquals(WorkerLink.Outcome.QUEUED, link.send(Msg.RECEIVE, 0, 0, 1, numbered(2)));
        assertTrue(toNew.payloads().isEmpty(), "nothing for the successor while the old worker drains");
        link.detached(old, false);
        link.resume();
        assertEquals(List.of("2"), toNew.payloads());
    }

    /**
     * The successor's HELLO came before the old process's end of stream, and retiring the old pipe
     * finds its peer dead: the pipe closes while it is being retired. The successor still gets
     * the messages that waited, and later ones go straight to it.
     */
    @Test
    void aPipeThatClosesWhileRetiredDoesNotHoldBackTheSuccessor() {
        RecordingChannel toOld = new RecordingChannel(Integer.MAX_VALUE);
        RecordingChannel toNew = new RecordingChannel(Integer.MAX_VALUE);
        Endpoint<WorkerLink> old = new Endpoint<>(loop, toOld, (from, t, f, r, s, p) -> { }, e -> {
            link.detached(e, false); // as the reactor thread does when a pipe closes
            link.ended(e);
            link.resume();
        });
        link.attach(old, 0);
        assertEquals(WorkerLink.Outcome.SENT, link.send(Msg.RECEIVE, 0, 0, 1, numbered(1)));
        toOld.peerGone(); // killed; its end of stream is not read yet
        link.attach(endpoint(toNew), 0);
        assertTrue(old.isClosed(), "retiring the dead worker's pipe closed it");
        assertEquals(WorkerLink.Outcome.SENT, link.send(Msg.RECEIVE, 0, 0, 1, numbered(2)),
                "nothing is left to drain: the successor takes new messages at once");
        assertEquals(List.of("2"), toNew.payloads());
    }

    private static ByteBuffer numbered(int n) {
        return java.nio.charset.StandardCharsets.UTF_8.encode(Integer.toString(n));
    }

    private Endpoint<WorkerLink> endpoint(RecordingChannel channel) {
        return new Endpoint<>(loop, channel, (from, t, f, r, s, p) -> { }, e -> { });
    }

    private Connection connection(int fd) {
        ConnectionOwner owner = new ConnectionOwner() {
            @Override
            public void requestReceived(Connection c) {
            }

            @Override
            public void aborted(Connection c) {
            }

            @Override
            public void removed(Connection c) {
                link.forget(c); // as the reactor thread does
            }
        };
        return new Connection(fd, 0, new IdleSocket(), port, loop, new NoEvents(), owner);
    }

    /** A socket that never has data; enough for a connection that is suspended and closed. */
    private static final class IdleSocket implements StreamSocket {
        @Override
        public int read(ByteBuffer dst) {
            return 0;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void abort() {
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 40000);
        }

        @Override
        public SocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 9501);
        }

        @Override
        public void close() {
        }
    }

    /** A factory that is never asked anything: the connection is only suspended and closed. */
    private static final class NoEvents implements Factory<Connection> {
        @Override
        public void start() {
        }

        @Override
        public void shutdown() {
        }

        @Override
        public void dispatch(Connection c, ByteBuffer packet) {
        }

        @Override
        public boolean notify(Connection c, ConnectionEvent event) {
            return false;
        }

        @Override
        public boolean finish(int fd, ByteBuffer data) {
            return false;
        }

        @Override
        public boolean end(int fd, boolean reset) {
            return false;
        }
    }
}
