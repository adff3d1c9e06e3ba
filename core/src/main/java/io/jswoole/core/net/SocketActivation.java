package io.jswoole.core.net;

import io.jswoole.JswooleException;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Setting;
import io.jswoole.settings.Settings;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * systemd's socket activation ({@code sd_listen_fds(3)}): the listening sockets passed to this
 * process as descriptors 3, 4, ..., {@code LISTEN_FDS} of them, when {@code LISTEN_PID} is this
 * process's pid (otherwise they were meant for another process, and are ignored).
 *
 * <p>Each passed socket is matched to the configured port of the same kind (stream or datagram)
 * and address, whatever their order: the same IP address and port (a configured port 0 takes any
 * port; a configured wildcard address, {@code 0.0.0.0} or {@code ::}, takes a socket bound to
 * either wildcard), or the same Unix socket path. Every port must get exactly one socket and every
 * socket a port; anything else stops start-up, naming what did not match. The sockets' options
 * are the socket unit's, so the keys that set socket options are refused on an adopted port.
 */
public final class SocketActivation {
    /** The first passed descriptor ({@code SD_LISTEN_FDS_START}). */
    public static final int FIRST_FD = 3;
    private static final SocketActivation NONE = new SocketActivation(0);
    /** The keys {@link io.jswoole.spi.reactor.SocketOptions} applies when a socket is bound: not on an adopted one. */
    private static final List<Setting<?>> SOCKET_OPTION_KEYS = List.of(Keys.BACKLOG, Keys.ENABLE_REUSE_PORT,
            Keys.OPEN_TCP_NODELAY, Keys.OPEN_TCP_KEEPALIVE, Keys.TCP_KEEPIDLE, Keys.TCP_KEEPINTERVAL, Keys.TCP_KEEPCOUNT,
            Keys.TCP_DEFER_ACCEPT, Keys.TCP_FASTOPEN, Keys.TCP_USER_TIMEOUT, Keys.KERNEL_SOCKET_RECV_BUFFER_SIZE,
            Keys.KERNEL_SOCKET_SEND_BUFFER_SIZE);
    private static boolean taken;
    /** What the last {@link #takeForMaster} took, for the mode's master to adopt. */
    private static SocketActivation forMaster = NONE;

    private final int count;

    private SocketActivation(int count) {
        this.count = count;
    }

    /**
     * The sockets passed to this process. They can be taken once: a later call (a second server
     * started in this JVM) finds none.
     *
     * @throws JswooleException if {@code LISTEN_FDS} is not a number
     */
    public static synchronized SocketActivation take() {
        if (taken) {
            return NONE;
        }
        taken = true;
        String fds = System.getenv("LISTEN_FDS");
        if (fds == null || fds.isEmpty()) {
            return NONE;
        }
        String pid = System.getenv("LISTEN_PID");
        if (pid == null || !pid.equals(Long.toString(ProcessHandle.current().pid()))) {
            Log.notice("LISTEN_FDS=" + fds + " names sockets passed to process " + pid + ", not to this one: ignored");
            return NONE;
        }
        int n;
        try {
            n = Integer.parseInt(fds);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            throw new JswooleException("socket activation: LISTEN_FDS=" + fds + " is not a number of descriptors");
        }
        return n == 0 ? NONE : new SocketActivation(n);
    }

    /**
     * {@link #take()} in a master about to start, which may not go on with the sockets when it
     * detaches: the detached copy is another process, which inherits no descriptor from the JVM.
     */
    public static synchronized SocketActivation takeForMaster(Settings settings) {
        SocketActivation passed = take();
        if (settings.get(Keys.DAEMONIZE)) {
            passed.refuse("daemonize=true cannot take them over: the detached copy of the server inherits no"
                    + " descriptor; under systemd, run the server in the foreground (Type=notify)");
        }
        forMaster = passed;
        return passed;
    }

    /** The sockets {@link #takeForMaster} took as this master started (none if it was not called). */
    public static synchronized SocketActivation takenForMaster() {
        return forMaster;
    }

    /** No socket passed: for the processes that never take any. */
    public static SocketActivation none() {
        return NONE;
    }

    /** Whether no socket was passed. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Stops start-up with {@code why} when sockets were passed: this server cannot take them over. */
    public void refuse(String why) {
        if (!isEmpty()) {
            throw new JswooleException("socket activation (LISTEN_FDS=" + count + "): " + why);
        }
    }

    /**
     * Takes over every passed socket with {@code transport} and matches each to one of
     * {@code ports}: port id to socket. Nothing passed: an empty map.
     *
     * @throws JswooleException (one line) if a socket cannot be taken over or the sockets and ports
     *                          do not match one to one
     */
    public Map<Integer, Pollable> adopt(List<PortConfig> ports, Transport transport) {
        if (isEmpty()) {
            return Map.of();
        }
        List<Pollable> sockets = new ArrayList<>();
        try {
            for (int fd = FIRST_FD; fd < FIRST_FD + count; fd++) {
                sockets.add(adoptOne(fd, transport));
            }
            return match(ports, sockets);
        } catch (RuntimeException e) {
            for (Pollable s : sockets) {
                try {
                    s.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private static Pollable adoptOne(int fd, Transport transport) {
        try {
            return transport.adopt(fd);
        } catch (UnsupportedOperationException e) {
            throw new JswooleException("socket activation needs reactor=epoll: the nio reactor works on JDK channels,"
                    + " which cannot take over a passed descriptor");
        } catch (IOException e) {
            throw new JswooleException("socket activation: cannot take over descriptor " + fd + ": " + e.getMessage(), e);
        }
    }

    private Map<Integer, Pollable> match(List<PortConfig> ports, List<Pollable> sockets) {
        if (sockets.size() != ports.size()) {
            throw new JswooleException("socket activation: " + count(sockets.size(), "socket") + " passed ("
                    + describe(sockets) + ") for " + count(ports.size(), "port") + " (" + describePorts(ports)
                    + "); the socket unit needs one Listen line per port");
        }
        List<Pollable> left = new ArrayList<>(sockets);
        Map<Integer, Pollable> byPort = new LinkedHashMap<>();
        for (PortConfig port : ports) {
            Pollable found = null;
            for (Pollable s : left) {
                if (matches(port, s)) {
                    found = s;
                    break;
                }
            }
            if (found == null) {
                throw new JswooleException("socket activation: no passed socket matches port " + describe(port)
                        + "; passed: " + describe(sockets));
            }
            for (Setting<?> key : SOCKET_OPTION_KEYS) {
                if (port.settings().isSet(key)) {
                    throw new JswooleException("socket activation: " + key.key() + " is set for port " + describe(port)
                            + ", but a passed socket keeps the options of its socket unit; set them there (Backlog=,"
                            + " NoDelay=, KeepAlive=, ReceiveBuffer=, ...) instead");
                }
            }
            left.remove(found);
            byPort.put(port.id(), found);
        }
        return byPort;
    }

    /** Whether {@code socket} is of {@code port}'s kind and bound to its address (any port number for port 0). */
    static boolean matches(PortConfig port, Pollable socket) {
        if (port.type().isStream() != (socket instanceof ListenSocket)) {
            return false;
        }
        SocketAddress local = localAddress(socket);
        if (port.address() instanceof UnixDomainSocketAddress want) {
            return local instanceof UnixDomainSocketAddress got
                    && got.getPath().toAbsolutePath().normalize().equals(want.getPath().toAbsolutePath().normalize());
        }
        if (!(local instanceof InetSocketAddress got)) {
            return false;
        }
        InetSocketAddress want = (InetSocketAddress) port.address();
        boolean sameAddress = want.getAddress().isAnyLocalAddress() ? got.getAddress().isAnyLocalAddress()
                : want.getAddress().equals(got.getAddress());
        return sameAddress && (want.getPort() == 0 || want.getPort() == got.getPort());
    }

    static SocketAddress localAddress(Pollable socket) {
        try {
            return socket instanceof ListenSocket l ? l.localAddress() : ((DatagramSocket) socket).localAddress();
        } catch (IOException e) {
            throw new JswooleException("socket activation: cannot read a passed socket's address: " + e.getMessage(), e);
        }
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    static String describe(PortConfig port) {
        return port.type() + " " + describe(port.address());
    }

    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return address instanceof UnixDomainSocketAddress unix ? unix.getPath().toString() : String.valueOf(address);
    }

    private static String describePorts(List<PortConfig> ports) {
        List<String> list = new ArrayList<>();
        for (PortConfig p : ports) {
            list.add(describe(p));
        }
        return String.join(", ", list);
    }

    private static String describe(List<Pollable> sockets) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < sockets.size(); i++) {
            Pollable s = sockets.get(i);
            list.add("fd " + (FIRST_FD + i) + " " + (s instanceof ListenSocket ? "stream " : "datagram ") + describe(localAddress(s)));
        }
        return String.join(", ", list);
    }
}
