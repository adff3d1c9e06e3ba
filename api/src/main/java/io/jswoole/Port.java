package io.jswoole;

import io.jswoole.event.ConnectionHandler;
import io.jswoole.event.PacketHandler;
import io.jswoole.event.ReceiveBufferHandler;
import io.jswoole.event.ReceiveHandler;
import io.jswoole.settings.Setting;
import io.jswoole.settings.Settings;
import java.util.Map;
import java.util.Objects;

/**
 * One listening socket of a {@link Server}: its address, its own settings (framing, socket
 * options) and callbacks. Settings and callbacks not given here come from the server.
 *
 * <pre>{@code
 * Port admin = server.listen("127.0.0.1", 9502, SocketType.TCP);
 * admin.set(Map.of("open_eof_split", true));
 * admin.onReceive((srv, fd, reactorId, data) -> srv.send(fd, "ok\n"));
 * }</pre>
 */
public final class Port {
    private final Server server;
    private final int id;
    private final String host;
    private final int port;
    private final SocketType type;
    private final PortEvents events;
    private volatile Settings settings = Settings.empty();

    Port(Server server, int id, String host, int port, SocketType type, PortEvents events) {
        this.server = server;
        this.id = id;
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.type = Objects.requireNonNull(type, "type");
        this.events = events;
        if (!type.isUnix() && (port < 0 || port > 65_535)) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
    }

    /** This port's index: 0 for the server's main port, then in the order of {@code listen()}. */
    public int id() {
        return id;
    }

    /** The address to bind, or the socket file's path for Unix sockets. */
    public String host() {
        return host;
    }

    /** The port number (0 asks the kernel to pick one; see {@link Server#boundPort(int)}). */
    public int port() {
        return port;
    }

    public SocketType type() {
        return type;
    }

    /** Sets port settings by Swoole key; server-only keys are refused with the key named. */
    public Port set(Map<String, ?> values) {
        server.checkConfigurable("Port.set");
        settings = Settings.builder(Setting.Scope.PORT).setAll(settings).setAll(values).build();
        return this;
    }

    /** Sets one typed port setting. */
    public <T> Port set(Setting<T> setting, T value) {
        server.checkConfigurable("Port.set");
        settings = Settings.builder(Setting.Scope.PORT).setAll(settings).set(setting, value).build();
        return this;
    }

    /** This port's settings, falling back to the server's. */
    public Settings settings() {
        return settings.withParent(server.settings());
    }

    /** The settings given on this port itself, without the server's. */
    Settings ownSettings() {
        return settings;
    }

    /** The callbacks in effect for this port (its own, else the server's). */
    public PortEvents events() {
        return events;
    }

    public Port onConnect(ConnectionHandler h) {
        events.onConnect = h;
        return this;
    }

    public Port onReceive(ReceiveHandler h) {
        events.receive(h);
        return this;
    }

    /**
     * This port's onReceive in the form without copies: the callback gets a read-only view of the
     * bytes in the connection's read buffer, valid during the call only (see
     * {@link ReceiveBufferHandler}). Replaces an {@link #onReceive} of this port.
     */
    public Port onReceiveBuffer(ReceiveBufferHandler h) {
        events.receiveBuffer(h);
        return this;
    }

    public Port onClose(ConnectionHandler h) {
        events.onClose = h;
        return this;
    }

    public Port onPacket(PacketHandler h) {
        events.onPacket = h;
        return this;
    }

    public Port onBufferFull(ConnectionHandler h) {
        events.onBufferFull = h;
        return this;
    }

    public Port onBufferEmpty(ConnectionHandler h) {
        events.onBufferEmpty = h;
        return this;
    }

    /** {@code host:port} or the socket path, with the type. */
    @Override
    public String toString() {
        return (type.isUnix() ? host : (host.contains(":") ? "[" + host + "]" : host) + ":" + port) + " (" + type + ")";
    }
}
