package io.jswoole.core.net;

import io.jswoole.JswooleException;
import io.jswoole.linux.DescriptorPassing;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The listening sockets a base-mode master shares with its worker processes, as Swoole's base
 * mode does without {@code enable_reuse_port}: the master binds such a port once and every worker
 * watches that same socket, so whichever worker is free accepts the next connections (a busy one
 * is still working when the others wake). With {@code enable_reuse_port=true} each worker binds a
 * socket of its own instead, and the kernel spreads connections over them by a hash of their
 * addresses, however busy each worker is.
 *
 * <p>A child JVM inherits no descriptor from the JVM that starts it, so the master hands the
 * sockets out over a Unix socket in the private run directory ({@link DescriptorPassing}); a
 * worker takes them over as it starts, and a replacement worker takes them again. The master keeps
 * its copies open for the life of the server: while no worker runs (between a crash and the
 * replacement), connections wait in the socket's backlog instead of being refused.
 *
 * <p>Handed out: every stream port without {@code enable_reuse_port}, and every socket systemd
 * passed to the master. It needs a reactor whose sockets have descriptors (epoll); the nio reactor
 * works on JDK channels, so with it every worker binds its own socket with SO_REUSEPORT.
 */
public final class ListenerHandoff implements AutoCloseable {
    /** The socket's file in the run directory. */
    static final String FILE = "listeners.sock";
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(10);

    private static final ListenerHandoff NONE = new ListenerHandoff(null, null, List.of());

    private final BoundPorts sockets;
    private final DescriptorPassing.Server server;
    private final List<Integer> portIds;

    private ListenerHandoff(BoundPorts sockets, DescriptorPassing.Server server, List<Integer> portIds) {
        this.sockets = sockets;
        this.server = server;
        this.portIds = portIds;
    }

    /**
     * In the master: binds the ports to hand out (those of {@code passed}, sockets systemd or the
     * server being upgraded passed, are used as they are; {@code passedBy} says which, for the
     * log) and starts handing them out from {@code runDir}. None to hand out: a
     * handoff that holds nothing.
     *
     * @throws SettingsException if a port asks for {@code enable_reuse_port=false} in so many words
     *                           on a reactor that cannot hand sockets out
     */
    public static ListenerHandoff start(Path runDir, List<PortConfig> ports, Transport transport,
                                        Map<Integer, Pollable> passed, PassedBy passedBy) {
        List<PortConfig> handed = new ArrayList<>();
        for (PortConfig p : ports) {
            if (passed.containsKey(p.id()) || sharesOneSocket(p)) {
                handed.add(p);
            }
        }
        if (handed.isEmpty()) {
            return NONE;
        }
        if (!transport.passesDescriptors()) {
            return withoutDescriptors(handed, passed);
        }
        BoundPorts sockets = new BoundPorts(handed, transport, passed, passedBy);
        try {
            int[] fds = new int[handed.size()];
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < handed.size(); i++) {
                int id = handed.get(i).id();
                fds[i] = transport.descriptor(sockets.socket(id));
                ids.add(id);
            }
            byte[] message = join(ids).getBytes(StandardCharsets.US_ASCII);
            DescriptorPassing.Server server = DescriptorPassing.serve(runDir.resolve(FILE), fds, message);
            return new ListenerHandoff(sockets, server, List.copyOf(ids));
        } catch (IOException | RuntimeException e) {
            sockets.close();
            throw new JswooleException("cannot share the listening sockets with the workers: " + e.getMessage(), e);
        }
    }

    /**
     * In a process-mode master, which binds every port itself and hands none to its workers: offers
     * all of {@code ports}' sockets from {@code runDir} to a new master taking over at an upgrade
     * ({@link #takeOver}). The sockets stay {@code ports}' to close. A reactor without descriptors
     * (nio) can offer none: then {@link #offers()} is false.
     */
    public static ListenerHandoff offerToSuccessor(Path runDir, BoundPorts ports, Transport transport) {
        if (!transport.passesDescriptors() || ports.configs().isEmpty()) {
            return NONE;
        }
        List<PortConfig> all = ports.configs();
        int[] fds = new int[all.size()];
        List<Integer> ids = new ArrayList<>();
        try {
            for (int i = 0; i < all.size(); i++) {
                int id = all.get(i).id();
                fds[i] = transport.descriptor(ports.socket(id));
                ids.add(id);
            }
            DescriptorPassing.Server server = DescriptorPassing.serve(runDir.resolve(FILE), fds,
                    join(ids).getBytes(StandardCharsets.US_ASCII));
            return new ListenerHandoff(null, server, List.copyOf(ids));
        } catch (IOException | RuntimeException e) {
            throw new JswooleException("cannot offer the listening sockets for an upgrade: " + e.getMessage(), e);
        }
    }

    /** Whether a new master can take this one's sockets over. */
    public boolean offers() {
        return server != null;
    }

    /**
     * A reactor without descriptors (nio): every worker binds its own socket with SO_REUSEPORT,
     * which a port that asks for one shared socket in so many words cannot accept.
     */
    private static ListenerHandoff withoutDescriptors(List<PortConfig> handed, Map<Integer, Pollable> passed) {
        for (PortConfig p : handed) {
            if (p.settings().isSet(Keys.ENABLE_REUSE_PORT) && !passed.containsKey(p.id())) {
                throw new SettingsException(Keys.ENABLE_REUSE_PORT.key(), "enable_reuse_port=false on port " + p.port()
                        + " needs reactor=epoll: the nio reactor cannot hand the master's listening socket to the"
                        + " workers, so each binds its own with SO_REUSEPORT");
            }
        }
        return NONE;
    }

    /** Whether the workers share this port's one socket: a stream port without enable_reuse_port. */
    private static boolean sharesOneSocket(PortConfig p) {
        return p.type().isStream() && !p.settings().get(Keys.ENABLE_REUSE_PORT);
    }

    /** Whether port {@code id} is handed out. */
    public boolean handsOut(int id) {
        return portIds.contains(id);
    }

    /** The port number bound for a port handed out (0 for a Unix socket). */
    public int boundPort(int id) {
        return sockets.boundPort(id);
    }

    /**
     * In a worker: takes over the sockets its master hands out, by port id; none when the master
     * hands out none.
     *
     * @throws JswooleException (one line) if they cannot be taken
     */
    public static Map<Integer, Pollable> receive(Path runDir, Transport transport) {
        Path file = runDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Map.of();
        }
        DescriptorPassing.Received got;
        try {
            got = DescriptorPassing.receive(file, RECEIVE_TIMEOUT);
        } catch (IOException e) {
            throw new JswooleException("cannot take the listening sockets from the master: " + e.getMessage(), e);
        }
        int[] fds = got.descriptors();
        String[] ids = new String(got.message(), StandardCharsets.US_ASCII).split(",");
        Map<Integer, Pollable> sockets = new LinkedHashMap<>();
        int i = 0;
        try {
            if (ids.length != fds.length) {
                throw new JswooleException("the master handed out " + fds.length + " sockets for ports " + String.join(",", ids));
            }
            for (; i < fds.length; i++) {
                sockets.put(Integer.parseInt(ids[i]), transport.adopt(fds[i]));
            }
            return sockets;
        } catch (IOException | RuntimeException e) {
            for (Pollable s : sockets.values()) {
                try {
                    s.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            DescriptorPassing.closeAll(Arrays.copyOfRange(fds, i, fds.length));
            throw e instanceof JswooleException j ? j
                    : new JswooleException("cannot take over the listening sockets from the master: " + e.getMessage(), e);
        }
    }

    /**
     * In a master that takes over from a running one (at an upgrade, see {@code Upgrade}):
     * the sockets that master hands out, each checked against the port of the same id here.
     *
     * @throws JswooleException (one line) if they cannot be taken, or the ports have changed
     */
    public static Map<Integer, Pollable> takeOver(Path from, List<PortConfig> ports, Transport transport) {
        Map<Integer, Pollable> taken = receive(from, transport);
        try {
            for (Map.Entry<Integer, Pollable> e : taken.entrySet()) {
                PortConfig port = ports.stream().filter(p -> p.id() == e.getKey()).findFirst().orElse(null);
                if (port == null || !SocketActivation.matches(port, e.getValue())) {
                    throw new JswooleException("upgrade: the running server listens on "
                            + SocketActivation.describe(SocketActivation.localAddress(e.getValue())) + " as port " + e.getKey()
                            + ", which is " + (port == null ? "no port" : SocketActivation.describe(port))
                            + " now; stop and start the server to change its ports");
                }
            }
            return taken;
        } catch (RuntimeException e) {
            for (Pollable s : taken.values()) {
                try {
                    s.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private static String join(List<Integer> ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            b.append(b.length() == 0 ? "" : ",").append(id);
        }
        return b.toString();
    }

    /**
     * A new master serves the sockets now: closing leaves their Unix socket files to it. A
     * process-mode master, whose sockets are not this handoff's, hands its own ports over.
     */
    public void handOver() {
        if (sockets != null) {
            sockets.handOver();
        }
    }

    /** Stops handing out and closes the master's copies of the sockets. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (sockets != null) {
            sockets.close();
            Log.debug("closed the listening sockets shared with the workers");
        }
    }
}
