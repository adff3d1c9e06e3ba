package io.jswoole.factory.base;

import io.jswoole.ClientInfo;
import io.jswoole.ServerStats;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.net.BoundPorts;
import io.jswoole.core.net.Connection;
import io.jswoole.core.net.ConnectionTable;
import io.jswoole.core.net.DatagramPort;
import io.jswoole.core.net.Heartbeat;
import io.jswoole.core.net.IpLiteral;
import io.jswoole.core.net.ServerCounters;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.supervision.ParentWatch;
import io.jswoole.supervision.metrics.Latencies;
import io.jswoole.supervision.metrics.ProcessMetrics;
import io.jswoole.tasks.TaskingRuntime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The server's methods in a base-mode worker. On the loop's thread they act at once; from other
 * threads, actions are handed to the loop and queries read thread-safe state.
 */
final class BaseRuntime extends TaskingRuntime {
    private final ConnectionTable table;
    private final BaseFactory factory;
    private final BoundPorts ports;
    private final List<DatagramPort> datagramPorts;
    private final Runnable shutdown;
    private final int workerId;
    private final long startTime;
    private final Settings settings;
    private final long masterPid;
    private final Heartbeat heartbeat;
    /** Every worker's published counters and callback histograms: the server-wide figures of stats(). */
    private final ProcessMetrics metrics;
    private final int ownSlot;
    private final int userWorkerNum;
    private final BusyFlag busy;

    BaseRuntime(EventLoop loop, ConnectionTable table, BaseFactory factory, BoundPorts ports, List<DatagramPort> datagramPorts,
                Runnable shutdown, int workerId, long startTime, Settings settings, long masterPid, Heartbeat heartbeat,
                ProcessMetrics metrics, int ownSlot, int userWorkerNum, BusyFlag busy) {
        super(loop);
        this.busy = busy;
        this.metrics = metrics;
        this.ownSlot = ownSlot;
        this.userWorkerNum = userWorkerNum;
        this.masterPid = masterPid;
        this.heartbeat = heartbeat;
        this.table = table;
        this.factory = factory;
        this.ports = ports;
        this.datagramPorts = datagramPorts;
        this.shutdown = shutdown;
        this.workerId = workerId;
        this.startTime = startTime;
        this.settings = settings;
    }

    @Override
    public boolean send(int fd, byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + data.length);
        }
        if (loop.inLoop()) {
            Connection c = table.get(fd);
            return c != null && c.send(data, offset, length);
        }
        return factory.finish(fd, ByteBuffer.wrap(data, offset, length)); // another thread: copied for the loop
    }

    @Override
    public boolean send(int fd, ByteBuffer data) {
        return factory.finish(fd, data);
    }

    @Override
    public boolean sendto(String address, int port, byte[] data, int serverSocket) {
        DatagramPort from = datagramPort(serverSocket);
        if (from == null) {
            Log.warn("sendto: " + (serverSocket < 0 ? "the server has no datagram port" : "port " + serverSocket
                    + " is not a datagram port"));
            return false;
        }
        java.net.SocketAddress to;
        if (from.port().type().isUnix()) {
            to = java.net.UnixDomainSocketAddress.of(address);
        } else {
            InetAddress ip = IpLiteral.parse(address);
            if (ip == null) {
                Log.warn(IpLiteral.refusal("sendto", address));
                return false;
            }
            to = new InetSocketAddress(ip, port);
        }
        ByteBuffer buf = ByteBuffer.wrap(data.clone());
        if (loop.inLoop()) {
            return from.send(buf, to);
        }
        loop.execute(() -> from.send(buf, to));
        return true;
    }

    private DatagramPort datagramPort(int serverSocket) {
        for (DatagramPort d : datagramPorts) {
            if (serverSocket < 0 || d.port().id() == serverSocket) {
                return d;
            }
        }
        return null;
    }

    @Override
    public boolean close(int fd, boolean reset) {
        return factory.end(fd, reset);
    }

    @Override
    public boolean exists(int fd) {
        return factory.exists(fd);
    }

    @Override
    public ClientInfo clientInfo(int fd) {
        Connection c = table.get(fd);
        if (c == null || c.isClosed()) {
            return null;
        }
        return new ClientInfo(fd, ports.boundPort(c.port().id()), c.port().id(), c.port().type(), c.remoteIp(),
                c.remotePort(), c.reactorId(), workerId, c.connectTime(), c.lastTime(), c.uid());
    }

    @Override
    public int[] clientList(int startFd, int pageSize) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be > 0");
        }
        return table.list(startFd, pageSize);
    }

    @Override
    public int[] heartbeat(boolean close) {
        return loop.call(() -> heartbeat.idle(table.all(), close));
    }

    @Override
    public ServerStats stats() {
        ServerCounters n = table.counters();
        long[] others = new long[ProcessMetrics.COUNTER_NAMES.length]; // the other workers', as last published
        for (int slot = 0; slot < metrics.slots(); slot++) {
            if (slot != ownSlot) {
                long[] c = metrics.counters(slot);
                for (int i = 0; i < others.length; i++) {
                    others[i] += c[i];
                }
            }
        }
        ServerStats stats = new ServerStats(startTime, n.open() + (int) others[0], n.accepted() + others[1],
                n.closed() + others[2], n.requests() + others[3], settings.get(Keys.WORKER_NUM),
                settings.get(Keys.TASK_WORKER_NUM), 0, n.aborted() + others[4], 0, 0, 0, userWorkerNum, n.requests(),
                busy.idleWorkers(), n.requests() + others[5], Latencies.of(metrics));
        return peers() == null ? stats : stats.withTasks(peers().counts());
    }

    @Override
    public boolean bind(int fd, long uid) {
        Connection c = table.get(fd);
        if (c == null || c.isClosed()) {
            return false;
        }
        c.uid(uid);
        return true;
    }

    @Override
    public boolean sendMessage(byte[] message, int dstWorkerId) {
        if (peers() != null && peers().isPeer(dstWorkerId)) {
            return peers().sendMessage(message, dstWorkerId);
        }
        throw new io.jswoole.ServerStateException("sendMessage() between workers needs process mode: base-mode workers"
                + " have no pipes between them (task workers and user processes do)");
    }

    @Override
    public void shutdown() {
        shutdown.run();
    }

    @Override
    public int boundPort(int portId) {
        return ports.boundPort(portId);
    }

    @Override
    public int workerId() {
        return workerId;
    }

    @Override
    public long masterPid() {
        return masterPid;
    }

    @Override
    public long managerPid() {
        return masterPid == workerPid() ? 0 : ParentWatch.parentPid();
    }
}
