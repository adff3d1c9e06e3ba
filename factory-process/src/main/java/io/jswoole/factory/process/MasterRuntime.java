package io.jswoole.factory.process;

import io.jswoole.ServerStateException;
import io.jswoole.ServerStats;
import io.jswoole.core.loop.LoopRuntime;
import io.jswoole.core.net.Heartbeat;
import io.jswoole.supervision.MasterMethods;
import io.jswoole.supervision.MasterProcess;
import io.jswoole.supervision.WorkerTable;
import io.jswoole.supervision.metrics.Latencies;
import io.jswoole.supervision.metrics.ProcessMetrics;
import java.util.Map;

/**
 * The server's methods in the process-mode master (in onStart, timers, other threads): queries
 * read the shared connection table; connection methods go to the reactor thread that owns the
 * connection; timers run on the main reactor.
 */
final class MasterRuntime extends LoopRuntime implements MasterMethods, SharedTableQueries {
    private final MasterProcess master;
    private final ProcessMaster factory;
    private final MainReactor main;
    private final ReactorThread[] reactors;
    private final SharedConnectionTable shared;
    private final Map<Integer, Integer> ports;
    private final int workerNum;
    private final int taskWorkerNum;
    private final Heartbeat heartbeat;
    /** Every process's callback histograms: the latencies of stats(). */
    private final ProcessMetrics metrics;

    private final int userWorkerNum;
    /** Whether each worker is in a callback: the idle workers of stats(). */
    private final WorkerTable table;

    MasterRuntime(MasterProcess master, ProcessMaster factory, MainReactor main, ReactorThread[] reactors, SharedConnectionTable shared,
                  Map<Integer, Integer> ports, int workerNum, int taskWorkerNum, int userWorkerNum, Heartbeat heartbeat,
                  ProcessMetrics metrics, WorkerTable table) {
        super(main.loop());
        this.table = table;
        this.metrics = metrics;
        this.userWorkerNum = userWorkerNum;
        this.heartbeat = heartbeat;
        this.master = master;
        this.factory = factory;
        this.main = main;
        this.reactors = reactors;
        this.shared = shared;
        this.ports = ports;
        this.workerNum = workerNum;
        this.taskWorkerNum = taskWorkerNum;
    }

    @Override
    public boolean send(int fd, byte[] data, int offset, int length) {
        return factory.finish(fd, java.nio.ByteBuffer.wrap(data, offset, length));
    }

    @Override
    public boolean send(int fd, java.nio.ByteBuffer data) {
        return factory.finish(fd, data);
    }

    @Override
    public boolean sendto(String address, int port, byte[] data, int serverSocket) {
        throw new ServerStateException("sendto() in the process-mode master: call it from a worker");
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
        ReactorThread r = reactors[shared.reactorOf(fd)];
        r.loop().execute(() -> r.forceCloseFromMaster(fd));
    }

    @Override
    public ServerStats stats() {
        return shared.stats(workerNum, taskWorkerNum).withProcess(userWorkerNum, 0).withIdleWorkers(table.idleWorkers())
                .withLatencies(Latencies.of(metrics));
    }

    @Override
    public boolean bind(int fd, long uid) {
        throw new ServerStateException("bind() in the process-mode master: call it from a worker");
    }

    @Override
    public boolean sendMessage(byte[] message, int dstWorkerId) {
        throw new ServerStateException("sendMessage() in the master: call it from a worker");
    }

    @Override
    public MasterProcess master() {
        return master;
    }

    @Override
    public Map<Integer, Integer> boundPorts() {
        return ports;
    }
}
