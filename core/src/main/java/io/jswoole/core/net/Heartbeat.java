package io.jswoole.core.net;

import io.jswoole.Port;
import io.jswoole.Server;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The server's heartbeat ({@code heartbeat_check_interval}, {@code heartbeat_idle_time}),
 * resolved once from the settings the way Swoole resolves them, and the sweep that closes idle
 * connections.
 *
 * <ul>
 * <li>The check interval is server-wide. When it is not set but the server's
 *     {@code heartbeat_idle_time} is, it is half of that (at least 1 s).</li>
 * <li>Each stream port has an idle time: its own {@code heartbeat_idle_time}, else the server's,
 *     else twice the interval when there is one. Datagram ports have none (no connections).</li>
 * <li>The interval is then lowered to half the shortest idle time (at least 1 s), so that a
 *     port's own idle time alone turns the heartbeat on.</li>
 * </ul>
 *
 * A connection is idle when more than its port's idle time has passed since data last arrived on
 * it ({@link Connection#lastTime()}, kept in whole seconds, so "more than" means at least one
 * second more on that clock: never sooner than the idle time). The check reads that time only;
 * receiving costs nothing extra.
 */
public final class Heartbeat {
    private static final Heartbeat OFF = new Heartbeat(0, new int[0]);

    private final int interval;
    private final int[] idleTimes;

    private Heartbeat(int interval, int[] idleTimes) {
        this.interval = interval;
        this.idleTimes = idleTimes;
    }

    /** The heartbeat of {@code server}, from its settings and its ports' own. */
    public static Heartbeat of(Server server) {
        return of(server.settings(), server.ports());
    }

    static Heartbeat of(Settings settings, List<Port> ports) {
        int interval = settings.get(Keys.HEARTBEAT_CHECK_INTERVAL);
        if (interval == 0 && settings.get(Keys.HEARTBEAT_IDLE_TIME) > 0) {
            interval = half(settings.get(Keys.HEARTBEAT_IDLE_TIME));
        }
        int[] idle = new int[ports.stream().mapToInt(Port::id).max().orElse(-1) + 1];
        for (Port p : ports) {
            if (p.type().isStream()) {
                int own = p.settings().get(Keys.HEARTBEAT_IDLE_TIME);
                idle[p.id()] = own > 0 ? own : interval * 2;
            }
        }
        for (int t : idle) {
            if (t > 0 && (interval == 0 || interval > half(t))) {
                interval = half(t);
            }
        }
        return interval == 0 ? OFF : new Heartbeat(interval, idle);
    }

    /** Swoole's "check at least twice per idle time". */
    private static int half(int idleTime) {
        return idleTime > 2 ? idleTime / 2 : 1;
    }

    /** Whether idle connections are closed at all. */
    public boolean enabled() {
        return interval > 0;
    }

    /** Seconds between sweeps; 0 when off. */
    public int interval() {
        return interval;
    }

    /** Seconds without data after which a connection on port {@code portId} is closed; 0 for never. */
    public int idleTime(int portId) {
        return portId >= 0 && portId < idleTimes.length ? idleTimes[portId] : 0;
    }

    /** The idle time of every port, by port id (0: never idle). */
    public int[] idleTimes() {
        return idleTimes.clone();
    }

    /** Whether a connection on {@code portId} whose data last arrived at {@code lastTime} is idle at {@code now}. */
    public boolean isIdle(int portId, long lastTimeSeconds, long nowSeconds) {
        int t = idleTime(portId);
        return t > 0 && nowSeconds - lastTimeSeconds > t;
    }

    /** The clock of {@link Connection#lastTime()}: seconds since the epoch. */
    public static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /**
     * The fds of the idle connections among {@code connections}, ascending, closed at once as the
     * server ({@link Connection#forceClose()}) when {@code close}. Loop thread of their owner only.
     */
    public int[] idle(Collection<Connection> connections, boolean close) {
        if (!enabled()) {
            return new int[0];
        }
        long now = now();
        int[] fds = new int[8];
        int n = 0;
        for (Connection c : connections) {
            if (!c.isClosed() && isIdle(c.port().id(), c.lastTime(), now)) {
                if (n == fds.length) {
                    fds = Arrays.copyOf(fds, n * 2);
                }
                fds[n++] = c.fd();
                if (close) {
                    c.forceClose();
                }
            }
        }
        fds = Arrays.copyOf(fds, n);
        Arrays.sort(fds);
        return fds;
    }

    /**
     * Sweeps {@code connections} every interval on {@code loop}, closing the idle ones and logging
     * one line per sweep that closed any. The sweeps fall half-way through a second of the clock
     * {@link Connection#lastTime()} is kept on: a connection turns idle only when that clock's
     * second changes, so a sweep never races with that change (nor with an application's
     * {@code heartbeat()} call made as a connection turns idle), however the timer was started.
     *
     * @param connections a snapshot of the connections the loop owns, taken on the loop
     * @param owner       who sweeps, for the log line ("worker 2", "reactor 0")
     * @return the timer's id, or -1 when the heartbeat is off
     */
    public long start(EventLoop loop, Supplier<Collection<Connection>> connections, String owner) {
        if (!enabled()) {
            return -1;
        }
        Log.debug("heartbeat on " + owner + ": every " + interval + " s, idle times by port " + Arrays.toString(idleTimes));
        long toMidSecond = Math.floorMod(500 - System.currentTimeMillis() % 1000, 1000);
        return loop.tick(interval * 1000L + toMidSecond, interval * 1000L, id -> {
            int closed = idle(connections.get(), true).length;
            if (closed > 0) {
                Log.info("heartbeat: " + owner + " closed " + closed + " idle connection" + (closed == 1 ? "" : "s"));
            }
        });
    }
}
