package io.jswoole.factory.base;

import io.jswoole.PacketInfo;
import io.jswoole.PortEvents;
import io.jswoole.Server;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.net.Connection;
import io.jswoole.core.net.ConnectionTable;
import io.jswoole.core.net.DatagramEvents;
import io.jswoole.core.net.DatagramPort;
import io.jswoole.core.util.Callbacks;
import io.jswoole.core.util.Receive;
import io.jswoole.event.ConnectionHandler;
import io.jswoole.event.PacketHandler;
import io.jswoole.spi.ConnectionEvent;
import io.jswoole.spi.Factory;
import io.jswoole.supervision.metrics.ProcessMetrics;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Base mode's {@link Factory} in a worker (or in the master, when it is the server's only
 * process): everything happens where the connection lives. A packet is handed to onReceive on the
 * loop that read it, an event calls the user's callback, and a send or close acts on the
 * connection itself. Starting and stopping in Swoole's order are {@link BaseWorker}'s.
 */
final class BaseFactory implements Factory<Connection>, DatagramEvents {
    private final Server server;
    private final int reactorId;
    private final BaseWorker worker;
    private final EventLoop loop;
    private final ConnectionTable table;

    private ProcessMetrics.Recorder times;
    private BusyFlag busy;

    BaseFactory(Server server, BaseWorker worker) {
        this.server = server;
        this.worker = worker;
        this.reactorId = worker.id();
        this.loop = worker.loop();
        this.table = worker.table();
    }

    @Override
    public void start() throws Exception {
        worker.run(this);
    }

    @Override
    public void shutdown() {
        worker.shutdown();
    }

    /** Where the time of each onReceive and onPacket is counted, and whether a callback runs now. */
    void track(ProcessMetrics.Recorder times, BusyFlag busy) {
        this.times = times;
        this.busy = busy;
    }

    private static PortEvents events(Connection c) {
        return c.port().port().events();
    }

    @Override
    public void dispatch(Connection c, ByteBuffer packet) {
        busy.enter();
        long start = System.nanoTime();
        try {
            Receive.deliver(events(c), server, c.fd(), reactorId, packet);
        } finally {
            times.record(ProcessMetrics.RECEIVE, c.port().id(), System.nanoTime() - start);
            busy.exit();
        }
    }

    @Override
    public boolean notify(Connection c, ConnectionEvent event) {
        PortEvents on = events(c);
        switch (event) {
            case CONNECT -> call("onConnect", on.onConnect(), c.fd(), reactorId);
            case CLOSE -> call("onClose", on.onClose(), c.fd(), reactorId);
            case CLOSE_BY_SERVER -> call("onClose", on.onClose(), c.fd(), -1);
            case BUFFER_FULL -> call("onBufferFull", on.onBufferFull(), c.fd(), reactorId);
            case BUFFER_EMPTY -> call("onBufferEmpty", on.onBufferEmpty(), c.fd(), reactorId);
            case INPUT_ENDED -> {
                return false; // nothing is on its way: close once the queued output is written
            }
        }
        return true;
    }

    /**
     * On the loop's thread the bytes go straight to the socket when nothing is queued; from another
     * thread they are copied and handed to the loop.
     */
    @Override
    public boolean finish(int fd, ByteBuffer data) {
        if (loop.inLoop()) {
            Connection c = table.get(fd);
            return c != null && c.send(data);
        }
        if (!exists(fd)) {
            return false;
        }
        byte[] copy = new byte[data.remaining()];
        data.get(data.position(), copy);
        loop.execute(() -> {
            Connection c = table.get(fd);
            if (c != null) {
                c.send(copy, 0, copy.length);
            }
        });
        return true;
    }

    @Override
    public boolean end(int fd, boolean reset) {
        if (!exists(fd)) {
            return false;
        }
        loop.execute(() -> {
            Connection c = table.get(fd);
            if (c != null) {
                c.close(true, reset);
            }
        });
        return true;
    }

    /** Any thread. */
    boolean exists(int fd) {
        Connection c = table.get(fd);
        return c != null && !c.isClosed();
    }

    @Override
    public void onDatagram(DatagramPort port, SocketAddress from, ByteBuffer data) {
        PacketHandler h = port.port().port().events().onPacket();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        PacketInfo info = from instanceof InetSocketAddress inet
                ? new PacketInfo(inet.getAddress().getHostAddress(), inet.getPort(), port.port().id())
                : new PacketInfo(from instanceof java.net.UnixDomainSocketAddress unix ? unix.getPath().toString()
                        : String.valueOf(from), 0, port.port().id());
        busy.enter();
        long start = System.nanoTime();
        try {
            Callbacks.run("onPacket", () -> h.handle(server, bytes, info));
        } finally {
            times.record(ProcessMetrics.PACKET, port.port().id(), System.nanoTime() - start);
            busy.exit();
        }
    }

    private void call(String name, ConnectionHandler h, int fd, int reactor) {
        if (h != null) {
            busy.enter();
            try {
                Callbacks.run(name, () -> h.handle(server, fd, reactor));
            } finally {
                busy.exit();
            }
        }
    }
}
