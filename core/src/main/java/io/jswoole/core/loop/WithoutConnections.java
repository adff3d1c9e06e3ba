package io.jswoole.core.loop;

import io.jswoole.ClientInfo;
import io.jswoole.ServerStateException;
import io.jswoole.spi.ServerRuntime;

/**
 * The server's methods in a process that owns no connection (a base-mode master, a task worker,
 * a user process): each connection method fails with the process's own explanation.
 */
public interface WithoutConnections extends ServerRuntime {

    /** Why {@code method} cannot be called in this process. */
    ServerStateException notHere(String method);

    @Override
    default boolean send(int fd, byte[] data, int offset, int length) {
        throw notHere("send");
    }

    @Override
    default boolean sendto(String address, int port, byte[] data, int serverSocket) {
        throw notHere("sendto");
    }

    @Override
    default boolean close(int fd, boolean reset) {
        throw notHere("close");
    }

    @Override
    default boolean exists(int fd) {
        throw notHere("exists");
    }

    @Override
    default ClientInfo clientInfo(int fd) {
        throw notHere("getClientInfo");
    }

    @Override
    default int[] clientList(int startFd, int pageSize) {
        throw notHere("getClientList");
    }

    @Override
    default int[] heartbeat(boolean close) {
        throw notHere("heartbeat");
    }

    @Override
    default boolean bind(int fd, long uid) {
        throw notHere("bind");
    }
}
