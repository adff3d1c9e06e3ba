package io.jswoole.spi.pipe;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A task queue outside the server, shared by the task workers of every server that opens the same
 * queue (a Redis Stream with a consumer group, for instance), and the way results come back to the
 * process that sent each task. Chosen by naming its provider in {@code task_ipc_mode}; see
 * {@link PipeProvider#openBroker}.
 *
 * <p>Its guarantees: {@link #send} never blocks (it refuses when the broker is unreachable or too
 * much waits to be sent); a task taken by a task worker that dies before {@link #answer answering}
 * it is taken by another task worker after a timeout, so a task may run more than once but is not
 * lost; a result reaches the sending process unless that process has gone.
 *
 * <p>{@link #send} is called on a worker's event loop; {@link #take}, {@link #answer} and
 * {@link #results} block, each on a thread of its own. Safe for use by several threads.
 */
public interface TaskBroker extends Closeable {

    /**
     * Reaches the broker now (the master does this once at start; other processes connect when
     * they first need to, and again after a failure).
     *
     * @throws io.jswoole.settings.SettingsException naming the key at fault, if it cannot be reached
     */
    void check();

    /** A task a task worker took: its bytes, and whatever the broker needs to answer it. */
    interface Delivery {
        /** The task as {@link #send} sent it. */
        byte[] task();
    }

    /**
     * Queues a task for any task worker of any server sharing the broker, without blocking. Its
     * result comes back to this process's {@link #results}.
     *
     * @return false, with nothing sent, when the broker is unreachable (it is being reconnected)
     *         or too many tasks wait to be sent
     */
    boolean send(ByteBuffer task);

    /** Why the broker refuses tasks now (unreachable since when, and why), or null if it takes them. */
    String trouble();

    /**
     * Takes the next task, and a task whose task worker stopped answering it; waits up to
     * {@code waitMillis} for one.
     *
     * @return the task, or null if none came in time (or the broker is unreachable)
     */
    Delivery take(long waitMillis) throws IOException;

    /** Tells the broker that a task is still running, so that no other task worker takes it. */
    void stillRunning(Delivery delivery) throws IOException;

    /**
     * Sends a task's result (any bytes) to the process that sent the task, and marks the task done.
     *
     * @throws IOException if the broker could not be reached: the task stays taken, and another
     *                     task worker runs it again if this one never answers
     */
    void answer(Delivery delivery, ByteBuffer result) throws IOException;

    /** Takes the results that arrived for this process; waits up to {@code waitMillis} for one. */
    List<byte[]> results(long waitMillis) throws IOException;

    /** How long a taken task may go without {@link #stillRunning} before another task worker takes it. */
    long claimTimeoutMillis();

    /** Releases this process's connections and its results' place in the broker. */
    @Override
    void close();
}
