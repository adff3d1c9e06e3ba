package io.jswoole.factory.base;

import io.jswoole.ServerStateException;
import io.jswoole.ServerStats;
import io.jswoole.core.loop.WithoutConnections;
import io.jswoole.event.TimerHandler;
import io.jswoole.supervision.MasterMethods;
import io.jswoole.supervision.MasterProcess;
import java.util.Map;

/**
 * The server's methods in the master of a multi-process base-mode server, which owns no
 * connection: only shutdown and the pid getters work here; connection methods belong in workers.
 */
final class BaseMasterRuntime implements WithoutConnections, MasterMethods {
    private final MasterProcess master;
    private final Map<Integer, Integer> ports;

    BaseMasterRuntime(MasterProcess master, Map<Integer, Integer> ports) {
        this.master = master;
        this.ports = ports;
    }

    @Override
    public ServerStateException notHere(String method) {
        return workerOnly(method);
    }

    private static ServerStateException workerOnly(String method) {
        return new ServerStateException(method + "() is not available in the master in base mode: "
                + "connections live in the workers, so call it from a worker's callback");
    }

    @Override
    public ServerStats stats() {
        throw workerOnly("stats");
    }

    @Override
    public boolean sendMessage(byte[] message, int dstWorkerId) {
        throw workerOnly("sendMessage");
    }

    @Override
    public long tick(long intervalMillis, TimerHandler handler) {
        throw workerOnly("tick");
    }

    @Override
    public long after(long delayMillis, TimerHandler handler) {
        throw workerOnly("after");
    }

    @Override
    public boolean clearTimer(long timerId) {
        throw workerOnly("clearTimer");
    }

    @Override
    public long workerPid() {
        return ProcessHandle.current().pid();
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
