package io.jswoole.examples;

import io.jswoole.Server;
import io.jswoole.settings.Keys;

/**
 * Answers each line it receives with the worker that handled it, {@code worker=<id> pid=<pid>},
 * which shows how connections are spread over workers ({@code worker_num}, {@code dispatch_mode}).
 *
 * <pre>{@code
 * $ printf 'hi\nhi\n' | nc 127.0.0.1 9501
 * worker=0 pid=4242
 * worker=0 pid=4242
 * }</pre>
 */
public final class WhoamiServer {
    private WhoamiServer() {
    }

    /** A line-oriented TCP server on {@code host:port}, not started. */
    public static Server create(String host, int port) {
        Server server = new Server(host, port, Sockets.tcp(host));
        server.set(Keys.OPEN_EOF_SPLIT, true);
        // Written escaped, as in a config file: raw values are trimmed, which would empty a bare "\n".
        server.set(Keys.PACKAGE_EOF, "\\n");
        server.onReceive((srv, fd, reactorId, line) ->
                srv.send(fd, "worker=" + srv.getWorkerId() + " pid=" + srv.getWorkerPid() + "\n"));
        return server;
    }

    /** Runs the server: {@code WhoamiServer [host [port]]}, by default on 127.0.0.1:9501. */
    public static void main(String[] args) {
        create(Sockets.host(args), Sockets.port(args)).start();
    }
}
