package io.jswoole.spi.pipe;

import io.jswoole.spi.Provider;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A message transport between the server's processes. The parent {@linkplain #listen listens}
 * at a private address before it spawns children; each child {@linkplain #connect connects} to
 * it. Messages keep their boundaries, carry a small header, and a full channel pushes back on the
 * sender instead of buffering without bound.
 *
 * <p>Chosen by {@code task_ipc_mode} for tasks ({@code 1} = {@code unixsock}, {@code 2}/{@code 3}
 * = {@code msgqueue}, or any provider's name); the reactor threads and the workers of process mode
 * by {@code worker_pipe} ({@code unixsock}, or {@code chronicle} with {@code buffer_input}).
 */
public interface PipeProvider extends Provider {

    /**
     * Starts listening for children.
     *
     * @param runDir    the server's private directory (mode 0700): only its user can reach it
     * @param name      a name for this listener, unique within the run directory
     * @param transport the event loop's transport, so that socket-based channels are polled in the
     *                  same loop as client sockets
     */
    PipeListener listen(Path runDir, String name, Transport transport) throws IOException;

    /**
     * Starts listening, with a bound on what each accepted channel may hold unread: its
     * {@link PipeChannel#offer offers} are refused above {@code queueLimit} bytes (process mode's
     * {@code buffer_input_size}).
     *
     * @throws UnsupportedOperationException if this provider's channels take no such bound
     */
    default PipeListener listen(Path runDir, String name, Transport transport, long queueLimit) throws IOException {
        throw new UnsupportedOperationException("the " + name() + " pipe provider takes no queue limit");
    }

    /**
     * Checks a listener's name as {@link #listen} takes it: a plain file name (no separator, not
     * {@code .} or {@code ..}), so that whatever a provider creates from it stays in the run directory.
     *
     * @return {@code name}
     * @throws IllegalArgumentException otherwise
     */
    static String requirePlainName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
                || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a pipe name must be a plain file name, not '" + name + "'");
        }
        return name;
    }

    /**
     * The largest payload one message may carry; {@link PipeChannel#offer} refuses a larger one
     * with {@link IllegalArgumentException}. Process mode checks its ports' packet sizes against it
     * at start.
     */
    default long maxMessageSize() {
        return Integer.MAX_VALUE;
    }

    /** Connects a child to the listener at {@code address} ({@link PipeListener#address()}). */
    PipeChannel connect(String address, Transport transport) throws IOException;

    /**
     * Creates this server's shared queue, for {@code task_ipc_mode} 2 and 3. Only providers whose
     * medium is a shared queue (System V message queues) have one.
     *
     * @param runDir   the server's private run directory; its name identifies the server
     * @param spillDir where messages over the provider's size limit are written ({@code task_tmpdir})
     * @throws UnsupportedOperationException if this provider has only point-to-point channels
     */
    default SharedQueue createQueue(Path runDir, Path spillDir) throws IOException {
        throw new UnsupportedOperationException("the " + name() + " pipe provider has no shared queues");
    }

    /**
     * Opens this provider's task broker: a queue outside the server, which the task workers of
     * several servers share. A provider named in {@code task_ipc_mode} that has one carries the
     * tasks and their results; the links between the server's processes then carry only pipe
     * messages, over {@code unixsock}. The master opens it once at start and {@linkplain
     * TaskBroker#check checks} it, then every worker, task worker and user process opens its own,
     * which connects only when first used.
     *
     * @param settings the server's settings, where the provider finds its own keys
     * @throws io.jswoole.settings.SettingsException naming the key, for a bad setting
     * @throws UnsupportedOperationException if this provider has no broker (the default)
     */
    default TaskBroker openBroker(io.jswoole.settings.Settings settings) throws IOException {
        throw new UnsupportedOperationException("the " + name() + " pipe provider has no task broker");
    }

    /** Whether {@link #openBroker} is supported. */
    default boolean hasBroker() {
        return false;
    }

    /** Opens the queue another process created ({@link SharedQueue#address()}). */
    default SharedQueue openQueue(String address, Path spillDir) throws IOException {
        throw new UnsupportedOperationException("the " + name() + " pipe provider has no shared queues");
    }
}
