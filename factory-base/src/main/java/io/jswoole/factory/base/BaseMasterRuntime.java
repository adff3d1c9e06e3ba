package io.jswoole.factory.base;

import io.jswoole.ClientInfo;
import io.jswoole.ServerStateException;
import io.jswoole.ServerStats;
import io.jswoole.core.process.MasterProcess;
import io.jswoole.event.TimerHandler;
import io.jswoole.spi.ServerRuntime;
import java.util.Map;

/**
 * The server's methods in the master of a multi-process base-mode server, which owns no
 * connection: only shutdown and the pid getters work here; connection methods belong in workers.
 */
final class BaseMasterRuntime implements ServerRuntime {
    private final MasterProcess master;
    private final Map<Integer, Integer> ports;

    BaseMasterRuntime(MasterProcess master, Map<Integer, Integer> ports) {
        this.master = master;
        this.ports = ports;
    }

    private static ServerStateException workerOnly(String method) {
        return new ServerStateException(method + "() is not available in the master in base mode: "
                + "connections live in the workers, so call it from a worker's callback");
    }

    @Override
    public boolean send(int fd, byte[] data, int offset, int length) {
        throw workerOnly("send");
    }

    @Override
    public boolean sendto(String address, int port, byte[] data, int serverSocket) {
        throw workerOnly("sendto");
    }

    @Override
    public boolean close(int fd, boolean reset) {
        throw workerOnly("close");
    }

    @Override
    public boolean exists(int fd) {
        throw workerOnly("exists");
    }

    @Override
    public ClientInfo clientInfo(int fd) {
        throw workerOnly("getClientInfo");
    }

    @Override
    public int[] clientList(int startFd, int pageSize) {
        throw workerOnly("getClientList");
    }

    @Override
    public ServerStats stats() {
        throw workerOnly("stats");
    }

    @Override
    public boolean bind(int fd, long uid) {
        throw workerOnly("bind");
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
    public void shutdown() {
        master.shutdown();
    }

    @Override
    public int boundPort(int portId) {
        Integer p = ports.get(portId);
        if (p == null) {
            throw new IllegalArgumentException("no listening port with id " + portId);
        }
        return p;
    }

    @Override
    public int workerId() {
        return -1;
    }

    @Override
    public long workerPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public long masterPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public long managerPid() {
        return master.managerPid();
    }
}
