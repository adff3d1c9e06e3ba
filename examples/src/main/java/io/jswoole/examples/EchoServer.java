package io.jswoole.examples;

import io.jswoole.Server;

/**
 * Echoes every TCP chunk back to its connection and, on a UDP port with the same host and port
 * number, every datagram back to its sender. The TCP echo uses the form of onReceive without
 * copies: the callback gets a read-only view of the bytes in the connection's read buffer and
 * sends it straight back, so a request allocates nothing.
 *
 * <pre>{@code
 * EchoServer.create("127.0.0.1", 9501).start();   // blocks until SIGTERM or SIGINT
 * }</pre>
 */
public final class EchoServer {
    private EchoServer() {
    }

    /** A TCP and UDP echo server on {@code host:port}, not started. */
    public static Server create(String host, int port) {
        return create(host, port, true);
    }

    /**
     * A TCP echo server on {@code host:port}, not started; with {@code udp}, also a UDP echo port
     * on the same host and port number.
     */
    public static Server create(String host, int port, boolean udp) {
        Server server = new Server(host, port, Sockets.tcp(host));
        server.onReceiveBuffer((srv, fd, reactorId, data) -> srv.send(fd, data));
        if (udp) {
            server.listen(host, port, Sockets.udp(host))
                    .onPacket((srv, data, client) -> srv.sendto(client, data));
        }
        return server;
    }

    /** Runs the server: {@code EchoServer [host [port]]}, by default on 127.0.0.1:9501. */
    public static void main(String[] args) {
        create(Sockets.host(args), Sockets.port(args)).start();
    }
}
