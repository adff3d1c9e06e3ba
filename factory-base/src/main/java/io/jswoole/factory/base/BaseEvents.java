package io.jswoole.factory.base;

import io.jswoole.PacketInfo;
import io.jswoole.PortEvents;
import io.jswoole.Server;
import io.jswoole.core.net.Connection;
import io.jswoole.core.net.DatagramEvents;
import io.jswoole.core.net.DatagramPort;
import io.jswoole.core.net.StreamEvents;
import io.jswoole.core.util.Callbacks;
import io.jswoole.core.util.Receive;
import io.jswoole.event.ConnectionHandler;
import io.jswoole.event.PacketHandler;
import io.jswoole.supervision.metrics.ProcessMetrics;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/** Turns a loop's connection events into the user's callbacks, in the worker's own process. */
final class BaseEvents implements StreamEvents, DatagramEvents {
    private final Server server;
    private final int reactorId;

    private ProcessMetrics.Recorder times;
    private BusyFlag busy;

    BaseEvents(Server server, int reactorId) {
        this.server = server;
        this.reactorId = reactorId;
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
    public void onConnect(Connection c) {
        call("onConnect", events(c).onConnect(), c.fd(), reactorId);
    }

    @Override
    public void onData(Connection c, ByteBuffer packet) {
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
    public void onClose(Connection c, boolean byServer) {
        call("onClose", events(c).onClose(), c.fd(), byServer ? -1 : reactorId);
    }

    @Override
    public void onBufferFull(Connection c) {
        call("onBufferFull", events(c).onBufferFull(), c.fd(), reactorId);
    }

    @Override
    public void onBufferEmpty(Connection c) {
        call("onBufferEmpty", events(c).onBufferEmpty(), c.fd(), reactorId);
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
