package io.jswoole.spi;

import java.nio.ByteBuffer;

/**
 * Swoole's {@code Factory}: what a server mode does with its connections' data, in the process
 * that serves (the master, or one worker). Everything else (which role a process plays,
 * daemonizing, the manager, task workers and user processes) is the same in every mode and is
 * not a factory's concern.
 *
 * <p>The reactor side calls {@link #dispatch} and {@link #notify} on the loop thread that owns
 * the connection; the worker side calls {@link #finish} and {@link #end} from
 * {@link io.jswoole.Server#send} and {@link io.jswoole.Server#close}, on any thread. In base
 * mode both sides are the same worker; in process mode the master's reactor threads dispatch and
 * notify through a pipe to a worker, whose finish and end travel back the same way.
 *
 * @param <C> the connection as the reactor side knows it
 */
public interface Factory<C> {

    /**
     * Serves this process's part of the server until it stops: in the master, its listening
     * sockets and the process tree (and in process mode its reactor threads); in a worker, its
     * event loop. Must {@linkplain ServerBootstrap#attach attach} a runtime before any callback runs.
     *
     * @throws Exception if it cannot start (a socket cannot be bound, ...); the message is shown
     *                   to the user as is
     */
    void start() throws Exception;

    /** Stops serving, in the mode's order; {@link #start()} returns once this process's part has ended. */
    void shutdown();

    /**
     * A packet read from {@code connection}, for the worker that handles it: base mode calls
     * {@code onReceive} at once; process mode writes it to the chosen worker's pipe.
     * {@code packet} is valid only during the call.
     */
    void dispatch(C connection, ByteBuffer packet);

    /**
     * An event of {@code connection}, for the worker that handles it. For
     * {@link ConnectionEvent#INPUT_ENDED} the answer says whether replies to what was read may
     * still be on their way (the connection then keeps writing and closes when ended); for the
     * other events it says whether the event was delivered.
     */
    boolean notify(C connection, ConnectionEvent event);

    /**
     * Data a worker sends to connection {@code fd} (its remaining bytes; position and limit are
     * left as they were): written at once when the connection's loop is this thread and nothing
     * is queued, else queued or passed to the connection's owner. False if the connection does not
     * exist or its buffer is full.
     */
    boolean finish(int fd, ByteBuffer data);

    /** Ends connection {@code fd}: after its queued output, or at once with {@code reset}. */
    boolean end(int fd, boolean reset);
}
