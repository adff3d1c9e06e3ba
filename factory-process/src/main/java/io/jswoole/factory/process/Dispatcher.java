package io.jswoole.factory.process;

import io.jswoole.Server;
import io.jswoole.core.net.Connection;
import io.jswoole.event.DispatchFunction;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import java.nio.ByteBuffer;

/**
 * Chooses the worker for a connection's event ({@code dispatch_mode}, Swoole's rules):
 * <ul>
 *   <li>1 round robin and 3 idle worker: each packet may go to another worker, so onConnect and
 *       onClose are not delivered (their order with the packets could not be kept);</li>
 *   <li>2 fd modulo (default), 4 client IP and 5 uid: a connection stays on one worker, which gets
 *       onConnect, onReceive..., onClose in order; with 5, a connection follows its uid once
 *       {@code bind()} is called, and uses fd modulo before;</li>
 *   <li>a {@link DispatchFunction} replaces the mode; its events all reach the workers it picks.</li>
 * </ul>
 * In mode 3 every message a reactor thread hands to a worker counts in its {@link WorkerLoad}
 * from the moment it is chosen here; a worker is idle when it has none in flight.
 * Buffer-full and buffer-empty events go to the worker that handles the connection's packets
 * (in modes 1 and 3, the one that got its last packet), or where a dispatch function sends them.
 * One instance per reactor thread; used on that thread only.
 */
final class Dispatcher {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final int mode;
    private final int workers;
    private final DispatchFunction function;
    private final WorkerLoad load;
    private int next;

    Dispatcher(int mode, int workers, DispatchFunction function, WorkerLoad load) {
        this.mode = mode;
        this.workers = workers;
        this.function = function;
        this.load = load;
    }

    /** The load this dispatcher counts messages in ({@link WorkerLoad#NONE} unless mode 3). */
    WorkerLoad load() {
        return load;
    }

    /** Whether onConnect and onClose reach the workers. */
    boolean deliversConnectAndClose() {
        return function != null || (mode != 1 && mode != 3);
    }

    /**
     * Whether a connection's packets may go to another worker than its connect event did (modes
     * 1, 3, 5 after a bind, a dispatch function): only then is each packet's worker recorded.
     */
    boolean packetsMayMove() {
        return packetsMayMove(mode, function);
    }

    /** {@link #packetsMayMove()} of the dispatcher {@code server}'s settings make, as a worker asks it. */
    static boolean packetsMayMove(Server server) {
        return packetsMayMove(server.settings().get(Keys.DISPATCH_MODE),
                server.events().dispatchFunction());
    }

    private static boolean packetsMayMove(int mode, DispatchFunction function) {
        return function != null || mode == 1 || mode == 3 || mode == 5;
    }

    /** The worker for an event of {@code c}; {@code data} is the packet for receive events. */
    int pick(Connection c, int eventType, ByteBuffer data) {
        if (function != null) {
            return custom(c.fd(), eventType, data);
        }
        return switch (mode) {
            case 1 -> roundRobin();
            case 3 -> idle();
            case 4 -> Math.floorMod(c.remoteIp().hashCode(), workers);
            case 5 -> c.uid() != 0 ? (int) Math.floorMod(c.uid(), (long) workers) : c.fd() % workers;
            default -> c.fd() % workers;
        };
    }

    /**
     * The worker for a buffer-full or buffer-empty event of {@code c}: the dispatch function's
     * choice (it sees the event's own type), else the worker of the connection's packets: in modes
     * 1 and 3 the one that got its last packet ({@code lastWorker}, -1 if none yet), in the others
     * the one the mode keeps it on.
     */
    int pickForBufferEvent(Connection c, int eventType, int lastWorker) {
        if (function == null && (mode == 1 || mode == 3) && lastWorker >= 0 && lastWorker < workers) {
            load.add(lastWorker, 1);
            return lastWorker;
        }
        return pick(c, eventType, null);
    }

    /** The worker for a datagram from {@code addressHash}. */
    int pickForDatagram(int addressHash) {
        return switch (mode) {
            case 1 -> roundRobin();
            case 3 -> idle();
            default -> Math.floorMod(addressHash, workers);
        };
    }

    /** A message for a worker its sender chose (a pipe message); counted like the others. */
    int direct(int worker) {
        load.add(worker, 1);
        return worker;
    }

    private int roundRobin() {
        int w = next;
        next = next + 1 == workers ? 0 : next + 1;
        return w;
    }

    /**
     * The first idle worker after the last one chosen, or round robin when all are busy (as
     * Swoole does); either way the message counts in the worker's load.
     */
    private int idle() {
        for (int i = 0; i < workers; i++) {
            int w = (next + i) % workers;
            if (load.claimIfIdle(w)) {
                next = w + 1 == workers ? 0 : w + 1;
                return w;
            }
        }
        int w = roundRobin();
        load.add(w, 1);
        return w;
    }

    private int custom(int fd, int eventType, ByteBuffer data) {
        int w;
        try {
            w = function.dispatch(fd, eventType, data == null ? EMPTY : data.asReadOnlyBuffer());
        } catch (RuntimeException e) {
            Log.error("the dispatch function threw " + e + "; using fd modulo", e);
            return fd % workers;
        }
        if (w < 0 || w >= workers) {
            Log.error("the dispatch function returned worker " + w + ", not 0 to " + (workers - 1) + "; using fd modulo");
            return fd % workers;
        }
        return w;
    }
}
