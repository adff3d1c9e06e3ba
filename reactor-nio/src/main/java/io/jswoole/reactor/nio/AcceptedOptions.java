package io.jswoole.reactor.nio;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;

/**
 * The options a listener sets on every connection it accepts, read once from the port's settings
 * (a listener's SO_RCVBUF is inherited by the kernel and is not repeated here).
 *
 * @param noDelay    TCP_NODELAY
 * @param keepAlive  SO_KEEPALIVE, with the three keep-alive timings below
 * @param keepIdle   TCP_KEEPIDLE seconds
 * @param keepInterval TCP_KEEPINTERVAL seconds
 * @param keepCount  TCP_KEEPCOUNT
 * @param sendBuffer SO_SNDBUF bytes; 0 keeps the kernel default
 */
record AcceptedOptions(boolean noDelay, boolean keepAlive, int keepIdle, int keepInterval, int keepCount,
                       int sendBuffer) {

    /** Only a send buffer size: the options of a Unix stream connection. */
    static AcceptedOptions sendBufferOnly(int sendBuffer) {
        return new AcceptedOptions(false, false, 0, 0, 0, sendBuffer);
    }

    void applyTo(SocketChannel connection) throws IOException {
        if (noDelay) {
            connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        if (keepAlive) {
            connection.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            // Zero marks a timing the platform cannot set and the user left at its default.
            if (keepIdle > 0) {
                connection.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, keepIdle);
            }
            if (keepInterval > 0) {
                connection.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, keepInterval);
            }
            if (keepCount > 0) {
                connection.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, keepCount);
            }
        }
        if (sendBuffer > 0) {
            connection.setOption(StandardSocketOptions.SO_SNDBUF, sendBuffer);
        }
    }
}
