package io.jswoole.tasks;

import io.jswoole.Server;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.pipe.SharedQueue;
import io.jswoole.spi.pipe.TaskBroker;
import io.jswoole.spi.process.ProcessRole;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code task_ipc_mode} chose: the Pipe provider of the links between workers and task
 * workers or user processes, and for modes 2 and 3 the server's shared queue that carries the
 * tasks. The master chooses and creates the queue ({@link #prepare}); children open what it chose
 * ({@link #open}).
 *
 * <table>
 *   <caption>task_ipc_mode</caption>
 *   <tr><th>mode</th><th>tasks travel</th><th>results travel</th></tr>
 *   <tr><td>1</td><td>unixsock link to an idle task worker (or the chosen one)</td><td>the same link</td></tr>
 *   <tr><td>2</td><td>msgqueue, message type = the chosen task worker (round robin without one)</td><td>unixsock link</td></tr>
 *   <tr><td>3</td><td>msgqueue, one type: the first free task worker takes it</td><td>unixsock link</td></tr>
 *   <tr><td>a provider name</td><td>that provider's link, as mode 1</td><td>the same link</td></tr>
 *   <tr><td>a broker provider's name</td><td>its broker, to any task worker of any server sharing it</td>
 *       <td>its broker</td></tr>
 * </table>
 *
 * <p>With a broker, the links are {@code unixsock} and carry only pipe messages.
 */
public final class TaskIpc implements AutoCloseable {
    /** Keys in the chosen-providers map handed to children. */
    static final String LINKS = "task_links";
    static final String QUEUE = "task_queue";
    static final String BROKER = "task_broker";
    private static final String UNIXSOCK = "unixsock";
    private static final String MSGQUEUE = "msgqueue";

    private final PipeProvider links;
    private final SharedQueue queue;
    private final TaskBroker broker;
    private final int mode;
    private final boolean owner;

    private TaskIpc(PipeProvider links, SharedQueue queue, TaskBroker broker, int mode, boolean owner) {
        this.links = links;
        this.queue = queue;
        this.broker = broker;
        this.mode = mode;
        this.owner = owner;
    }

    /** Whether this server has processes that need links to the workers (task workers or user processes). */
    public static boolean needed(Server server) {
        return server.settings().get(Keys.TASK_WORKER_NUM) > 0 || !server.processes().isEmpty();
    }

    /**
     * In the master, before children start: selects the providers, creates the shared queue for
     * modes 2 and 3, and records both in {@code chosen} for the children. Closing the result
     * removes the queue.
     */
    public static TaskIpc prepare(Server server, Path runDir, Map<String, String> chosen) throws IOException {
        Settings s = server.settings();
        String setting = s.get(Keys.TASK_IPC_MODE);
        int mode = modeOf(setting);
        String linkName = mode == 0 ? setting : UNIXSOCK;
        PipeProvider links = select(linkName);
        if (links.hasBroker()) {
            // Opened once here so that a bad setting or an unreachable broker stops the start.
            try (TaskBroker broker = links.openBroker(s)) {
                broker.check();
            }
            chosen.put(BROKER, links.name());
            links = select(UNIXSOCK);
        }
        chosen.put(LINKS, links.name());
        SharedQueue queue = null;
        if ((mode == 2 || mode == 3) && s.get(Keys.TASK_WORKER_NUM) > 0) {
            queue = select(MSGQUEUE).createQueue(runDir, spillDir(s));
            chosen.put(QUEUE, queue.address());
        }
        return new TaskIpc(links, queue, null, mode, true);
    }

    /** In a child: opens what the master chose. */
    public static TaskIpc open(Server server, ProcessRole role) throws IOException {
        Settings s = server.settings();
        int mode = modeOf(s.get(Keys.TASK_IPC_MODE));
        String linkName = role.providers().getOrDefault(LINKS, UNIXSOCK);
        String address = role.providers().get(QUEUE);
        SharedQueue queue = address == null ? null : select(MSGQUEUE).openQueue(address, spillDir(s));
        String brokerName = role.providers().get(BROKER);
        TaskBroker broker = brokerName == null ? null : select(brokerName).openBroker(s);
        return new TaskIpc(select(linkName), queue, broker, mode, false);
    }

    private static PipeProvider select(String name) {
        return Providers.select(PipeProvider.class, Keys.TASK_IPC_MODE.key(), name);
    }

    private static Path spillDir(Settings s) {
        return Path.of(s.get(Keys.TASK_TMPDIR));
    }

    /** 1, 2 or 3 for the numbered modes, 0 for a provider chosen by name. */
    static int modeOf(String setting) {
        return switch (setting.trim()) {
            case "1", UNIXSOCK -> 1;
            case "2" -> 2;
            case "3", MSGQUEUE -> 3;
            default -> 0;
        };
    }

    /** The provider of the links (workers ↔ task workers and user processes). */
    public PipeProvider links() {
        return links;
    }

    /** The shared queue tasks travel on (modes 2 and 3), or null when they travel on the links. */
    public SharedQueue queue() {
        return queue;
    }

    /** The broker tasks and results travel on, or null. */
    public TaskBroker broker() {
        return broker;
    }

    /** The message type of a task: for mode 3 one type for all, else the task worker's index + 1. */
    long queueType(int taskWorkerIndex) {
        return mode == 3 ? 1 : 1 + taskWorkerIndex;
    }

    /** Whether every task worker takes from one type (mode 3): a task cannot choose its task worker. */
    boolean contention() {
        return mode == 3;
    }

    /** Releases the queue; the master's removes it from the system. */
    @Override
    public void close() throws IOException {
        if (broker != null) {
            broker.close();
        }
        if (queue == null) {
            return;
        }
        if (owner) {
            queue.remove();
        }
        queue.close();
    }
}
