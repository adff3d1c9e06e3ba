package io.jswoole.core.net;

import io.jswoole.Port;
import io.jswoole.SocketType;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Networks;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.reactor.SocketOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.net.Inet6Address;

/** One listening port's address and the limits its connections live by, read once from its settings. */
public final class PortConfig {
    private final Port port;
    private final Settings settings;
    private final SocketAddress address;
    private final long outputBufferSize;
    private final long highWatermark;
    private final long maxSendSize;
    private final boolean orderedReplies;
    private final boolean proxyProtocol;
    private final Networks proxySources;

    private PortConfig(Port port) {
        this(port, port.settings(), address(port));
    }

    private PortConfig(Port port, Settings settings, SocketAddress address) {
        this.port = port;
        this.settings = settings;
        this.address = address;
        this.outputBufferSize = settings.get(Keys.SOCKET_BUFFER_SIZE);
        this.highWatermark = outputBufferSize * 8 / 10;
        this.maxSendSize = settings.get(Keys.BUFFER_OUTPUT_SIZE);
        this.orderedReplies = settings.get(Keys.ORDERED_REPLIES);
        this.proxyProtocol = settings.get(Keys.OPEN_PROXY_PROTOCOL);
        this.proxySources = Networks.parse(settings.get(Keys.PROXY_PROTOCOL_SOURCES));
    }

    /** Reads a port's configuration; an address that cannot be resolved names the port. */
    public static PortConfig of(Port port) {
        return new PortConfig(port);
    }

    public Port port() {
        return port;
    }

    /**
     * This port as one of several processes listening on it (base mode with many workers): with
     * SO_REUSEPORT, and on {@code resolvedPort} when the port asked for 0 and the master chose one.
     */
    public PortConfig shared(Integer resolvedPort) {
        if (type().isUnix()) {
            throw new SettingsException("worker_num", "port " + port + ": base-mode worker processes share a Unix"
                    + " socket only as the master's one socket, which needs reactor=epoll and no enable_reuse_port"
                    + " (SO_REUSEPORT is TCP/UDP only); or use a single process: worker_num=1 without task workers,"
                    + " user processes or max_request");
        }
        Settings shared = Settings.builder().setAll(settings).set(Keys.ENABLE_REUSE_PORT, true).build()
                .withParent(settings.parent());
        InetSocketAddress inet = (InetSocketAddress) address;
        int number = resolvedPort != null ? resolvedPort : inet.getPort();
        return new PortConfig(port, shared, new InetSocketAddress(inet.getAddress(), number));
    }

    public int id() {
        return port.id();
    }

    public SocketType type() {
        return port.type();
    }

    /** The port's settings, falling back to the server's. */
    public Settings settings() {
        return settings;
    }

    public SocketAddress address() {
        return address;
    }

    public SocketOptions socketOptions() {
        return SocketOptions.of(settings);
    }

    /** {@code socket_buffer_size}: the most output one connection may queue. */
    public long outputBufferSize() {
        return outputBufferSize;
    }

    /** 80% of {@link #outputBufferSize()}: above it, reading pauses and onBufferFull fires. */
    public long highWatermark() {
        return highWatermark;
    }

    /** {@code ordered_replies}: replies wait for those to the connection's earlier packets (process mode). */
    public boolean orderedReplies() {
        return orderedReplies;
    }

    /** {@code open_proxy_protocol}: every connection starts with a PROXY protocol header. */
    public boolean proxyProtocol() {
        return proxyProtocol;
    }

    /** {@code proxy_protocol_sources}: who may send that header; empty for anyone. */
    public Networks proxySources() {
        return proxySources;
    }

    /** {@code buffer_output_size}: the largest single send. */
    public long maxSendSize() {
        return maxSendSize;
    }

    private static SocketAddress address(Port port) {
        if (port.type().isUnix()) {
            if (port.host().isEmpty()) {
                throw new SettingsException("host", "port " + port + ": a Unix socket needs a file path as its host");
            }
            return UnixDomainSocketAddress.of(io.jswoole.spi.process.ProcessRole.resolveLaunchPath(port.host()));
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(port.host());
        } catch (UnknownHostException e) {
            throw new SettingsException("host", "port " + port + ": cannot resolve host '" + port.host() + "'");
        }
        boolean v6 = port.type() == SocketType.TCP6 || port.type() == SocketType.UDP6;
        if (v6 != (ip instanceof Inet6Address)) {
            throw new SettingsException("host", "port " + port + ": " + port.host() + " is not an IPv" + (v6 ? "6" : "4")
                    + " address; use SocketType." + (v6 ? port.type().name().replace("6", "") : port.type() + "6"));
        }
        return new InetSocketAddress(ip, port.port());
    }
}
