package io.jswoole.factory.process;

import io.jswoole.ServerStats;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.net.Heartbeat;
import io.jswoole.core.net.IpLiteral;
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
import java.util.Arrays;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The server's methods in a process-mode worker. Queries read the shared connection table (no
 * round trip to the master); send, close, bind and sendto become messages on the pipe of the
 * reactor thread that owns the connection, written at the end of the loop turn.
 */
final class WorkerRuntime extends TaskingRuntime implements SharedTableQueries {
    private final ReactorPipes pipes;
    private final ProcessWorker factory;
    private final SharedConnectionTable shared;
    private final Settings settings;
    private final int workerId;
    private final long masterPid;
    private final Runnable shutdown;
    private final Heartbeat heartbeat;

    private final int userWorkers;
    /** The packets this worker has handled. */
    private final LongSupplier handled;
    /** Every process's callback histograms: the latencies of stats(). */
    private final ProcessMetrics metrics;
    /** The event workers not in a callback now, from the worker table. */
    private final IntSupplier idleWorkers;

    WorkerRuntime(EventLoop loop, ReactorPipes pipes, ProcessWorker factory, SharedConnectionTable shared, Settings settings, int workerId,
                  long masterPid, Runnable shutdown, Heartbeat heartbeat, int userWorkers, LongSupplier handled,
                  ProcessMetrics metrics, IntSupplier idleWorkers) {
        super(loop);
        this.idleWorkers = idleWorkers;
        this.metrics = metrics;
        this.userWorkers = userWorkers;
        this.handled = handled;
        this.heartbeat = heartbeat;
        this.pipes = pipes;
        this.factory = factory;
        this.shared = shared;
        this.settings = settings;
        this.workerId = workerId;
        this.masterPid = masterPid;
        this.shutdown = shutdown;
    }

    @Override
    public boolean send(int fd, byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + data.length);
        }
        return factory.finish(fd, ByteBuffer.wrap(data, offset, length));
    }

    @Override
    public boolean send(int fd, ByteBuffer data) {
        return factory.finish(fd, data);
    }

    @Override
    public boolean sendto(String address, int port, byte[] data, int serverSocket) {
        InetAddress ip = IpLiteral.parse(address);
        if (ip == null) {
            Log.warn(IpLiteral.refusal("sendto", address));
            return false;
        }
        InetSocketAddress to = new InetSocketAddress(ip, port);
        return pipes.send(0, Msg.SENDTO, 0, 0, Msg.datagram(serverSocket, to, ByteBuffer.wrap(data)));
    }

    @Override
    public boolean close(int fd, boolean reset) {
        return factory.end(fd, reset);
    }

    @Override
    public SharedConnectionTable shared() {
        return shared;
    }

    @Override
    public Heartbeat heartbeatSettings() {
        return heartbeat;
    }

    @Override
    public void closeIdle(int fd) {
        pipes.send(shared.reactorOf(fd), Msg.CLOSE_REQUEST, Msg.FLAG_FORCE, fd, ByteBuffer.allocate(0));
    }

    @Override
    public ServerStats stats() {
        ServerStats stats = shared.stats(settings.get(Keys.WORKER_NUM), settings.get(Keys.TASK_WORKER_NUM))
                .withProcess(userWorkers, handled.getAsLong()).withIdleWorkers(idleWorkers.getAsInt())
                .withLatencies(Latencies.of(metrics));
        return peers() == null ? stats : stats.withTasks(peers().counts());
    }

    @Override
    public boolean bind(int fd, long uid) {
        if (!shared.exists(fd)) {
            return false;
        }
        return pipes.send(shared.reactorOf(fd), Msg.BIND, 0, fd, ByteBuffer.allocate(8).putLong(0, uid));
    }

    @Override
    public boolean sendMessage(byte[] message, int dstWorkerId) {
        if (peers() != null && peers().isPeer(dstWorkerId)) {
            return peers().sendMessage(message, dstWorkerId);
        }
        if (dstWorkerId < 0 || dstWorkerId >= settings.get(Keys.WORKER_NUM)) {
            throw new IllegalArgumentException("no worker " + dstWorkerId + " (worker_num " + settings.get(Keys.WORKER_NUM) + ")");
        }
        if (dstWorkerId == workerId) {
            throw new IllegalArgumentException("sendMessage to itself: worker " + workerId);
        }
        return pipes.send(0, Msg.PIPE_TO, 0, dstWorkerId, ByteBuffer.wrap(Arrays.copyOf(message, message.length)));
    }

    @Override
    public void shutdown() {
        shutdown.run();
    }

    @Override
    public int boundPort(int portId) {
        throw new UnsupportedOperationException("boundPort() is answered by the master");
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
        return ParentWatch.parentPid();
    }
}
