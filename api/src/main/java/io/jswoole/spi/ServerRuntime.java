package io.jswoole.spi;

import io.jswoole.ClientInfo;
import io.jswoole.ServerStats;
import io.jswoole.event.TimerHandler;

/**
 * What a running server does when its methods are called; a {@link FactoryProvider} implements
 * it for the current process. Every method may be called from any thread of the process.
 */
public interface ServerRuntime {

    /** Queues {@code data} for the connection; false if it does not exist or its buffer is full. */
    boolean send(int fd, byte[] data, int offset, int length);

    /** Sends one datagram from the given port (or the first datagram port if -1). */
    boolean sendto(String address, int port, byte[] data, int serverSocket);

    /** Closes the connection after its queued output is written, or at once with {@code reset}. */
    boolean close(int fd, boolean reset);

    boolean exists(int fd);

    /** The connection's details, or {@code null} if it does not exist. */
    ClientInfo clientInfo(int fd);

    /** Up to {@code pageSize} open connections with a session id greater than {@code startFd}, ascending. */
    int[] clientList(int startFd, int pageSize);

    ServerStats stats();

    /** Binds the connection to {@code uid} (dispatch_mode 5 sends its packets to uid % worker_num). */
    boolean bind(int fd, long uid);

    /** Sends {@code message} to worker {@code dstWorkerId}, whose onPipeMessage receives it. */
    boolean sendMessage(byte[] message, int dstWorkerId);

    long tick(long intervalMillis, TimerHandler handler);

    long after(long delayMillis, TimerHandler handler);

    boolean clearTimer(long timerId);

    /** Stops the whole server; returns at once, the server stops in the background. */
    void shutdown();

    /** The actual port bound by listening port {@code portId} (useful after binding port 0). */
    int boundPort(int portId);

    int workerId();

    long workerPid();

    long masterPid();

    /** The manager's pid, or 0 when there is no manager (base mode with one worker). */
    long managerPid();
}
