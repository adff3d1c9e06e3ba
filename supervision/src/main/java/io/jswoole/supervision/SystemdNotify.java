package io.jswoole.supervision;

import io.jswoole.JswooleException;
import io.jswoole.linux.UnixDatagram;
import io.jswoole.log.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * systemd's readiness protocol ({@code sd_notify(3)}): when {@code NOTIFY_SOCKET} names a Unix
 * datagram socket (a path, or an abstract name starting with {@code @}), the master tells the
 * service manager that the server is ready ({@code READY=1}, once every worker runs), reloading
 * ({@code RELOADING=1}, then {@code READY=1} again) and stopping ({@code STOPPING=1}), with a
 * {@code STATUS=} line. A daemonized master is not the process systemd started: it sends
 * {@code MAINPID=} with its own pid as soon as it opens the socket, before the launching process
 * returns and exits (systemd takes it with {@code NotifyAccess=all}). Without
 * {@code NOTIFY_SOCKET} every call does nothing.
 *
 * <p>Only the master notifies: the process pools do not pass {@code NOTIFY_SOCKET} to the
 * children. The socket is connected once, when the master starts, so a {@code NOTIFY_SOCKET} that
 * names nothing to send to stops start-up; a message that cannot be sent later is logged, and the
 * server goes on.
 */
public final class SystemdNotify {
    /** The variable systemd sets for a {@code Type=notify} service. */
    public static final String VARIABLE = "NOTIFY_SOCKET";
    private static SystemdNotify current;

    private final UnixDatagram socket;
    private final String address;
    /** The upgrade's one message was sent. */
    private boolean silenced;

    private SystemdNotify(UnixDatagram socket, String address) {
        this.socket = socket;
        this.address = address;
    }

    /**
     * This process's notifier, connected on the first call.
     *
     * @throws JswooleException (one line) if {@code NOTIFY_SOCKET} names no datagram socket that can be sent to
     */
    public static synchronized SystemdNotify open() {
        if (current == null) {
            String address = System.getenv(VARIABLE);
            if (address == null || address.isEmpty()) {
                current = new SystemdNotify(null, null);
            } else {
                try {
                    current = new SystemdNotify(UnixDatagram.connect(address), address);
                    if (Boolean.getBoolean(Daemon.DAEMONIZED)) {
                        current.send("MAINPID=" + ProcessHandle.current().pid());
                    }
                } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
                    throw new JswooleException(VARIABLE + "=" + address + " is no socket systemd can be notified on: "
                            + e.getMessage(), e);
                }
            }
        }
        return current;
    }

    /** Whether {@code NOTIFY_SOCKET} was set. */
    public boolean enabled() {
        return socket != null;
    }

    /**
     * {@code READY=1}: the server serves, with {@code status} as its status line. In a server that
     * takes over from another ({@link Upgrade}), the socket is the old master's, which listens for
     * this one message only: nothing is sent after it.
     */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + status);
        if (Upgrade.predecessor() != null) {
            synchronized (this) {
                silenced = true;
            }
        }
    }

    /**
     * {@code RELOADING=1}: workers are being replaced. {@code MONOTONIC_USEC} (which
     * {@code Type=notify-reload} requires) is read from {@link System#nanoTime()}, which is
     * {@code CLOCK_MONOTONIC} on Linux.
     */
    public void reloading(String status) {
        send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000 + "\nSTATUS=" + status);
    }

    /** {@code MAINPID=}: the server's master is now {@code pid} (its successor after an {@link Upgrade}). */
    public void mainPid(long pid) {
        send("MAINPID=" + pid);
    }

    /** {@code STOPPING=1}: the server is shutting down. */
    public void stopping() {
        send("STOPPING=1\nSTATUS=stopping");
    }

    private synchronized void send(String message) {
        if (socket == null || silenced) {
            return;
        }
        try {
            socket.send(message.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            Log.warn("cannot notify systemd at " + address + " (" + message.replace('\n', ' ') + "): " + e.getMessage());
        }
    }
}
