package io.jswoole.core.net;

import java.net.InetAddress;

/**
 * Where a {@link Connection} reports to: the table that holds it (base mode) or the reactor
 * thread that owns it (process mode). Called on the connection's loop thread.
 */
public interface ConnectionOwner {

    /** A packet arrived (counted for {@code stats()}). */
    void requestReceived(Connection c);

    /** The connection is being closed for bad input or an overflow. */
    void aborted(Connection c);

    /** The connection has closed: forget it. */
    void removed(Connection c);

    /**
     * Data arrived in a new second: {@link Connection#lastTime()} changed (at most once a second
     * per connection, so a copy of it costs nothing per packet).
     */
    default void lastTimeChanged(Connection c) {
    }

    /**
     * The connection's PROXY protocol header named the client's address and port: from now on they
     * are {@link Connection#remoteIp()} and {@link Connection#remotePort()} (before onConnect).
     */
    default void remoteChanged(Connection c, InetAddress ip, int port) {
    }
}
