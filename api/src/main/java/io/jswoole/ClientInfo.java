package io.jswoole;

/**
 * What the server knows about one connection ({@code getClientInfo}).
 *
 * @param fd             the connection's session id
 * @param serverPort     the port it connected to (0 for Unix sockets)
 * @param serverSocket   the id of the listening port ({@link Port#id()})
 * @param socketType     the listening socket's type
 * @param remoteIp       the client's address (the socket path's peer is empty for Unix sockets)
 * @param remotePort     the client's port
 * @param reactorId      the reactor (thread or worker) that owns the connection
 * @param workerId       the worker that handles it
 * @param connectTime    when it was accepted, in seconds since the epoch
 * @param lastTime       when data last arrived, in seconds since the epoch
 * @param uid            the uid bound with {@code bind()}, or 0
 */
public record ClientInfo(int fd, int serverPort, int serverSocket, SocketType socketType, String remoteIp,
                         int remotePort, int reactorId, int workerId, long connectTime, long lastTime, long uid) {
}
