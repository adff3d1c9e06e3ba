package io.jswoole.core.net;

import io.jswoole.JswooleException;
import io.jswoole.Port;
import io.jswoole.log.Log;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every listening socket of a server, bound before anything else starts so that a port in use
 * fails {@code start()} with the port named. Closing removes the Unix socket files it created.
 */
public final class BoundPorts implements AutoCloseable {
    private final List<PortConfig> configs = new ArrayList<>();
    private final List<Pollable> sockets = new ArrayList<>();
    /** Per socket: passed to this process, so its Unix socket file is not ours to remove. */
    private final List<Boolean> adopted = new ArrayList<>();
    private final int[] boundPorts;
    private volatile boolean handedOver;
    /** Who passed the sockets taken over, for the log. */
    private final PassedBy passedBy;

    /** Binds every port of {@code ports} with {@code transport}. */
    public BoundPorts(List<PortConfig> ports, Transport transport) {
        this(ports, transport, Map.of());
    }

    /**
     * Binds every port of {@code ports} with {@code transport}, except those with a socket in
     * {@code passed} (port id to socket; see {@link SocketActivation}), which are used as they are.
     */
    public BoundPorts(List<PortConfig> ports, Transport transport, Map<Integer, Pollable> passed) {
        this(ports, transport, passed, PassedBy.SYSTEMD);
    }

    /**
     * Binds every port of {@code ports} with {@code transport}, except those with a socket in
     * {@code passed} (port id to socket), which are used as they are; {@code passedBy} says where
     * they come from, for the log, and whether their Unix socket files become this process's.
     */
    public BoundPorts(List<PortConfig> ports, Transport transport, Map<Integer, Pollable> passed, PassedBy passedBy) {
        this.passedBy = passedBy;
        boundPorts = new int[ports.stream().mapToInt(PortConfig::id).max().orElse(-1) + 1];
        try {
            for (PortConfig p : ports) {
                Pollable socket = passed.get(p.id());
                if (socket == null) {
                    bind(p, transport);
                } else {
                    add(p, socket, true);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void bind(PortConfig cfg, Transport transport) {
        Pollable socket;
        try {
            socket = cfg.type().isStream() ? transport.listen(cfg.address(), cfg.socketOptions())
                    : transport.bindDatagram(cfg.address(), cfg.socketOptions());
        } catch (IOException e) {
            throw new JswooleException("cannot listen on " + cfg.port() + ": " + e.getMessage(), e);
        }
        add(cfg, socket, false);
    }

    private void add(PortConfig cfg, Pollable socket, boolean passed) {
        SocketAddress local;
        try {
            local = socket instanceof ListenSocket l ? l.localAddress() : ((DatagramSocket) socket).localAddress();
        } catch (IOException e) {
            throw new JswooleException("port " + cfg.port() + ": " + e.getMessage(), e);
        }
        configs.add(cfg);
        sockets.add(socket);
        adopted.add(passed && !passedBy.ownsFiles());
        boundPorts[cfg.id()] = local instanceof InetSocketAddress inet ? inet.getPort() : 0;
        Log.info("listening on " + describe(cfg, local) + (passed ? ", a socket " + passedBy.description() : ""));
    }

    private static String describe(PortConfig cfg, SocketAddress local) {
        if (local instanceof InetSocketAddress inet) {
            String host = inet.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort() + " (" + cfg.type() + ")";
        }
        return cfg.port().toString();
    }

    /** The configurations of a server's ports, in port id order. */
    public static List<PortConfig> configs(List<Port> ports) {
        List<PortConfig> list = new ArrayList<>();
        for (Port p : ports) {
            list.add(PortConfig.of(p));
        }
        return list;
    }

    /** The configurations, in port id order. */
    public List<PortConfig> configs() {
        return configs;
    }

    /** The socket of port {@code id}: a {@link ListenSocket} or a {@link DatagramSocket}. */
    public Pollable socket(int id) {
        for (int i = 0; i < configs.size(); i++) {
            if (configs.get(i).id() == id) {
                return sockets.get(i);
            }
        }
        throw new IllegalArgumentException("no listening port with id " + id);
    }

    /** The port number bound for port {@code id} (0 for Unix sockets). */
    public int boundPort(int id) {
        if (id < 0 || id >= boundPorts.length) {
            throw new IllegalArgumentException("no listening port with id " + id);
        }
        return boundPorts[id];
    }

    /**
     * The sockets are served by a new master now (an upgrade): {@link #close()} releases them and
     * leaves their Unix socket files to it.
     */
    public void handOver() {
        handedOver = true;
    }

    /** Closes every socket and removes Unix socket files (unless {@linkplain #handOver handed over}). */
    @Override
    public void close() {
        for (int i = 0; i < sockets.size(); i++) {
            try {
                if (handedOver && sockets.get(i) instanceof ListenSocket l) {
                    l.release();
                } else {
                    sockets.get(i).close();
                }
            } catch (IOException e) {
                Log.debug("close: " + e);
            }
            if (!adopted.get(i) && !handedOver && configs.get(i).address() instanceof UnixDomainSocketAddress unix) {
                try {
                    Files.deleteIfExists(unix.getPath());
                } catch (IOException e) {
                    Log.warn("cannot remove socket file " + unix.getPath() + ": " + e.getMessage());
                }
            }
        }
        sockets.clear();
        adopted.clear();
    }
}
