package io.jswoole;

import io.jswoole.event.ConnectionHandler;
import io.jswoole.event.DispatchFunction;
import io.jswoole.event.FinishHandler;
import io.jswoole.event.PacketHandler;
import io.jswoole.event.PipeMessageHandler;
import io.jswoole.event.ProcessHandler;
import io.jswoole.event.ReceiveBufferHandler;
import io.jswoole.event.ReceiveHandler;
import io.jswoole.event.ServerHandler;
import io.jswoole.event.TaskHandler;
import io.jswoole.event.TimerHandler;
import io.jswoole.event.WorkerErrorHandler;
import io.jswoole.event.WorkerHandler;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Setting;
import io.jswoole.settings.Settings;
import io.jswoole.spi.FactoryProvider;
import io.jswoole.spi.Providers;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.ServerRuntime;
import io.jswoole.spi.process.ProcessModel;
import io.jswoole.spi.process.ProcessRole;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server in Swoole's shape: listening ports, settings with Swoole's names, callbacks as lambdas,
 * and {@link #start()}, which runs it until it shuts down.
 *
 * <pre>{@code
 * Server server = new Server("127.0.0.1", 9501);
 * server.set(Map.of("worker_num", 1));
 * server.onReceive((srv, fd, reactorId, data) -> srv.send(fd, data));
 * server.start();   // blocks until SIGTERM, SIGINT or shutdown()
 * }</pre>
 *
 * <h2>Where callbacks run</h2>
 * <table>
 *   <caption>Callbacks by process</caption>
 *   <tr><th>process</th><th>callbacks</th></tr>
 *   <tr><td>master</td><td>onStart, onShutdown</td></tr>
 *   <tr><td>manager</td><td>onManagerStart, onManagerStop, onWorkerError, onBeforeReload, onAfterReload</td></tr>
 *   <tr><td>worker</td><td>onWorkerStart/Stop/Exit, onConnect, onReceive, onPacket, onClose, onBufferFull,
 *       onBufferEmpty, onFinish, onPipeMessage</td></tr>
 *   <tr><td>task worker</td><td>onWorkerStart/Stop, onTask, onPipeMessage</td></tr>
 *   <tr><td>user process</td><td>its {@link ProcessHandler}, onPipeMessage</td></tr>
 * </table>
 * In base mode with one worker, master and worker are the same process; callbacks of one worker
 * run on its event loop thread, one at a time.
 *
 * <p>Methods such as {@link #send} may be called from any thread once the server runs; they
 * throw {@link ServerStateException} before {@code start()} and after shutdown.
 */
public final class Server {
    /** Event types passed to a {@link DispatchFunction}. */
    public static final int EVENT_CONNECT = 1;
    public static final int EVENT_RECEIVE = 2;
    public static final int EVENT_CLOSE = 3;
    /**
     * A connection's queued output passed its high water mark: the worker chosen runs onBufferFull
     * (Swoole's {@code SW_SERVER_EVENT_BUFFER_FULL}).
     */
    public static final int EVENT_BUFFER_FULL = 4;
    /** A connection's queued output drained: the worker chosen runs onBufferEmpty ({@code SW_SERVER_EVENT_BUFFER_EMPTY}). */
    public static final int EVENT_BUFFER_EMPTY = 5;

    private enum State { NEW, RUNNING, STOPPED }

    private static final Map<Hook, List<ServerHandler>> GLOBAL_HOOKS = new EnumMap<>(Hook.class);
    /** The server whose start() runs in this process: one at a time, as Swoole allows one per process. */
    private static final AtomicReference<Server> STARTED = new AtomicReference<>();

    private final List<Port> ports = new CopyOnWriteArrayList<>();
    private final List<ProcessHandler> processes = new CopyOnWriteArrayList<>();
    private final PortEvents portEvents = new PortEvents(null);
    private final ServerEvents events = new ServerEvents();
    private final Map<Hook, List<ServerHandler>> hooks = new EnumMap<>(Hook.class);
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private volatile Settings settings = Settings.empty();
    private volatile ServerRuntime runtime;

    /** A TCP server on {@code host:port}. */
    public Server(String host, int port) {
        this(host, port, SocketType.TCP);
    }

    /** A server whose main port has the given socket type (for Unix sockets, {@code host} is the path). */
    public Server(String host, int port, SocketType type) {
        ports.add(new Port(this, 0, host, port, type, new PortEvents(portEvents)));
    }

    // ---------------------------------------------------------------- configuration

    /**
     * Sets values by Swoole key, as {@code $server->set([...])}. Keys and values are checked now:
     * an unknown key names the nearest known one, a bad value names what is allowed.
     */
    public Server set(Map<String, ?> values) {
        checkConfigurable("set");
        settings = Settings.builder().setAll(settings).setAll(values).build();
        return this;
    }

    /** Sets one typed value, e.g. {@code set(Keys.WORKER_NUM, 4)}. */
    public <T> Server set(Setting<T> setting, T value) {
        checkConfigurable("set");
        settings = Settings.builder().setAll(settings).set(setting, value).build();
        return this;
    }

    /** Adds every value of {@code values}. */
    public Server set(Settings values) {
        checkConfigurable("set");
        settings = Settings.builder().setAll(settings).setAll(values).build();
        return this;
    }

    /** The server's settings (those set, falling back to defaults). */
    public Settings settings() {
        return settings;
    }

    /** Adds a listening port, with its own settings and callbacks ({@code $server->listen()}). */
    public Port listen(String host, int port, SocketType type) {
        checkConfigurable("listen");
        Port p = new Port(this, ports.size(), host, port, type, new PortEvents(portEvents));
        ports.add(p);
        return p;
    }

    /** Same as {@link #listen}, Swoole's other name for it. */
    public Port addListener(String host, int port, SocketType type) {
        return listen(host, port, type);
    }

    /** Every listening port, the main one first. */
    public List<Port> ports() {
        return List.copyOf(ports);
    }

    /** The process-level callbacks, for the mode that runs the server. */
    public ServerEvents events() {
        return events;
    }

    /** Runs {@code handler} at {@code hook} for this server. */
    public Server addHook(Hook hook, ServerHandler handler) {
        synchronized (hooks) {
            hooks.computeIfAbsent(hook, h -> new ArrayList<>()).add(handler);
        }
        return this;
    }

    /** Runs {@code handler} at {@code hook} for every server started in this JVM. */
    public static void addGlobalHook(Hook hook, ServerHandler handler) {
        synchronized (GLOBAL_HOOKS) {
            GLOBAL_HOOKS.computeIfAbsent(hook, h -> new ArrayList<>()).add(handler);
        }
    }

    // ---------------------------------------------------------------- callbacks

    public Server onStart(ServerHandler h) {
        events.onStart = h;
        return this;
    }

    public Server onShutdown(ServerHandler h) {
        events.onShutdown = h;
        return this;
    }

    public Server onManagerStart(ServerHandler h) {
        events.onManagerStart = h;
        return this;
    }

    public Server onManagerStop(ServerHandler h) {
        events.onManagerStop = h;
        return this;
    }

    public Server onBeforeReload(ServerHandler h) {
        events.onBeforeReload = h;
        return this;
    }

    public Server onAfterReload(ServerHandler h) {
        events.onAfterReload = h;
        return this;
    }

    public Server onWorkerStart(WorkerHandler h) {
        events.onWorkerStart = h;
        return this;
    }

    public Server onWorkerStop(WorkerHandler h) {
        events.onWorkerStop = h;
        return this;
    }

    public Server onWorkerExit(WorkerHandler h) {
        events.onWorkerExit = h;
        return this;
    }

    public Server onWorkerError(WorkerErrorHandler h) {
        events.onWorkerError = h;
        return this;
    }

    public Server onTask(TaskHandler h) {
        events.onTask = h;
        return this;
    }

    public Server onFinish(FinishHandler h) {
        events.onFinish = h;
        return this;
    }

    public Server onPipeMessage(PipeMessageHandler h) {
        events.onPipeMessage = h;
        return this;
    }

    /** Chooses the worker for each connection event instead of {@code dispatch_mode} (process mode). */
    public Server setDispatchFunction(DispatchFunction f) {
        events.dispatchFunction = f;
        return this;
    }

    /** The server-wide onConnect, used by ports without their own. */
    public Server onConnect(ConnectionHandler h) {
        portEvents.onConnect = h;
        return this;
    }

    public Server onReceive(ReceiveHandler h) {
        portEvents.receive(h);
        return this;
    }

    /**
     * The server-wide onReceive in the form without copies: the callback gets a read-only view of
     * the bytes as they sit in the connection's read buffer, valid during the call only (see
     * {@link ReceiveBufferHandler}); echoing it with {@link #send(int, ByteBuffer)} copies nothing
     * when the connection has no output queued. Replaces an {@link #onReceive} set before.
     */
    public Server onReceiveBuffer(ReceiveBufferHandler h) {
        portEvents.receiveBuffer(h);
        return this;
    }

    public Server onClose(ConnectionHandler h) {
        portEvents.onClose = h;
        return this;
    }

    public Server onPacket(PacketHandler h) {
        portEvents.onPacket = h;
        return this;
    }

    public Server onBufferFull(ConnectionHandler h) {
        portEvents.onBufferFull = h;
        return this;
    }

    public Server onBufferEmpty(ConnectionHandler h) {
        portEvents.onBufferEmpty = h;
        return this;
    }

    /**
     * Adds a user process (Swoole's {@code addProcess}): the manager starts it with the workers,
     * restarts it when it exits, and stops it at shutdown. Its worker id is
     * {@code worker_num + task_worker_num + index}; it can {@link #sendMessage} to workers and
     * receives their messages in onPipeMessage.
     *
     * @return the process's index, 0 for the first one added
     */
    public int addProcess(ProcessHandler body) {
        checkConfigurable("addProcess");
        processes.add(java.util.Objects.requireNonNull(body, "body"));
        return processes.size() - 1;
    }

    /** The user processes, in the order they were added. */
    public List<ProcessHandler> processes() {
        return List.copyOf(processes);
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Checks the configuration, chooses the mode's provider and runs the server in this process
     * until it shuts down. A Server starts once; a second call is refused. A process runs one
     * server at a time, as in Swoole: while one is running, start() of another is refused too
     * (servers started one after another are fine).
     *
     * @throws io.jswoole.settings.SettingsException    for a bad or conflicting setting, or a missing callback
     * @throws io.jswoole.spi.ProviderException         when a chosen provider is absent or unavailable
     * @throws ServerStateException                      when called a second time, or while another server runs here
     * @throws JswooleException                          when the server cannot start (a port cannot be bound, ...)
     */
    public void start() {
        if (!STARTED.compareAndSet(null, this)) {
            throw new ServerStateException(STARTED.get() == this
                    ? "server is running; start() may be called once"
                    : "a server is running in this process, unable to execute start(): one server per process at a"
                    + " time, as in Swoole (start it in another process, or after the running one has stopped)");
        }
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            STARTED.set(null);
            throw new ServerStateException("server has stopped; a Server starts once, create a new one");
        }
        ProcessRole role = ProcessRole.current();
        try {
            run(role);
        } catch (RuntimeException e) {
            if (role.isMaster()) {
                throw e;
            }
            Log.error(role.kind().label() + " " + role.id() + " failed: " + e.getMessage(), e);
            exitChild(1);
        } finally {
            runtime = null;
            state.set(State.STOPPED);
            STARTED.set(null);
        }
        if (!role.isMaster()) {
            exitChild(0);
        }
    }

    private void run(ProcessRole role) {
        try {
            StartCheck.check(this);
            resolveLaunchPaths();
            Log.configure(Log.Level.of(settings.get(Keys.LOG_LEVEL)), settings.get(Keys.LOG_FILE));
            Log.setRole(role.kind().label(), role.id());
            ServerBootstrap bootstrap = new ServerBootstrap(this, r -> runtime = r, this::runHooks, role);
            FactoryProvider factory = Providers.select(FactoryProvider.class, Keys.MODE.key(),
                    bootstrap.providerName(Keys.MODE));
            if (role.isMaster()) {
                factory.check(this);
                runHooks(Hook.BEFORE_SERVER_START);
            }
            Providers.select(ProcessModel.class, Keys.MODE.key(), null).run(bootstrap, factory);
        } catch (JswooleException e) {
            throw e;
        } catch (Exception e) {
            throw new JswooleException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    /**
     * In a daemon, which runs in {@code /}, makes the relative paths of the settings mean what they
     * meant where the server was launched.
     */
    private void resolveLaunchPaths() {
        Settings.Builder b = null;
        for (Setting<String> path : List.of(Keys.PID_FILE, Keys.LOG_FILE, Keys.TASK_TMPDIR)) {
            String resolved = ProcessRole.resolveLaunchPath(settings.get(path));
            if (!resolved.equals(settings.get(path))) {
                b = (b == null ? settings.toBuilder() : b).set(path, resolved);
            }
        }
        if (b != null) {
            settings = b.build();
        }
    }

    /**
     * A child process ends when its part ends: code after {@code start()} runs in the master only
     * (as after Swoole's {@code start()}, which returns only in the master at shutdown).
     */
    private static void exitChild(int code) {
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Whether {@link #start()} is running. */
    public boolean isRunning() {
        return state.get() == State.RUNNING && runtime != null;
    }

    void checkConfigurable(String method) {
        if (state.get() != State.NEW) {
            throw new ServerStateException(method + "() is not allowed once the server has started");
        }
    }

    private void runHooks(Hook hook) {
        List<ServerHandler> all = new ArrayList<>();
        synchronized (GLOBAL_HOOKS) {
            all.addAll(GLOBAL_HOOKS.getOrDefault(hook, List.of()));
        }
        synchronized (hooks) {
            all.addAll(hooks.getOrDefault(hook, List.of()));
        }
        for (ServerHandler h : all) {
            try {
                h.handle(this);
            } catch (Exception e) {
                throw new JswooleException(hook + " hook failed: " + e, e);
            }
        }
    }

    private ServerRuntime rt() {
        ServerRuntime r = runtime;
        if (r == null) {
            throw new ServerStateException("server is not running");
        }
        return r;
    }

    // ---------------------------------------------------------------- methods of a running server

    /** Sends data to a connection; false if it is gone or its output buffer is full. */
    public boolean send(int fd, byte[] data) {
        return rt().send(fd, data, 0, data.length);
    }

    /** Sends part of an array. */
    public boolean send(int fd, byte[] data, int offset, int length) {
        return rt().send(fd, data, offset, length);
    }

    /**
     * Sends the remaining bytes of {@code data} (position to limit) to a connection; false if it is
     * gone or its output buffer is full. Its position and limit are left as they were, and it may be
     * reused as soon as this returns. In a worker's event loop with nothing queued for the
     * connection, the bytes are written to the socket straight from {@code data}; only what the
     * socket does not take at once is copied (into a pooled buffer) and queued. Elsewhere the
     * bytes are copied, as {@link #send(int, byte[])} does.
     */
    public boolean send(int fd, ByteBuffer data) {
        return rt().send(fd, data);
    }

    /** Sends a string as UTF-8. */
    public boolean send(int fd, String data) {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        return rt().send(fd, b, 0, b.length);
    }

    /**
     * Sends a datagram to {@code address:port} from the first datagram port. As in Swoole,
     * {@code address} is an IPv4 or IPv6 address (or a socket path for a Unix datagram port): a
     * host name is not looked up, which would block the event loop, but refused with false and a
     * log line.
     */
    public boolean sendto(String address, int port, byte[] data) {
        return rt().sendto(address, port, data, -1);
    }

    /** Sends a datagram from the given port ({@link Port#id()}); {@code address} as above. */
    public boolean sendto(String address, int port, byte[] data, int serverSocket) {
        return rt().sendto(address, port, data, serverSocket);
    }

    /** Replies to the sender of a datagram, from the port that received it. */
    public boolean sendto(PacketInfo client, byte[] data) {
        return rt().sendto(client.address(), client.port(), data, client.serverSocket());
    }

    /** Closes a connection once its queued output is written. */
    public boolean close(int fd) {
        return rt().close(fd, false);
    }

    /** Closes a connection; with {@code reset}, at once with a TCP reset, dropping queued output. */
    public boolean close(int fd, boolean reset) {
        return rt().close(fd, reset);
    }

    public boolean exists(int fd) {
        return rt().exists(fd);
    }

    /** The connection's details, or {@code null} if it does not exist. */
    public ClientInfo getClientInfo(int fd) {
        return rt().clientInfo(fd);
    }

    /** Up to {@code pageSize} open connections after {@code startFd} (0 for the first page), ascending. */
    public int[] getClientList(int startFd, int pageSize) {
        return rt().clientList(startFd, pageSize);
    }

    /**
     * Closes the connections idle longer than their port's {@code heartbeat_idle_time} and returns
     * their fds ({@code $server->heartbeat()}); {@link #heartbeat(boolean) heartbeat(true)}.
     */
    public int[] heartbeat() {
        return heartbeat(true);
    }

    /**
     * The connections that received nothing for longer than their port's
     * {@code heartbeat_idle_time}, ascending, as {@link #getClientList} lists them; with
     * {@code closeThem} the server closes them at once (Swoole's {@code $server->heartbeat(bool
     * $ifCloseConnection)}), and onClose runs with reactorId -1. Empty when the heartbeat is off
     * (neither {@code heartbeat_check_interval} nor any {@code heartbeat_idle_time} is set).
     * The server does the same by itself every {@code heartbeat_check_interval} seconds.
     */
    public int[] heartbeat(boolean closeThem) {
        return rt().heartbeat(closeThem);
    }

    /**
     * The server's figures, as Swoole's {@code $server->stats()}: counters for the whole server and,
     * per kind of callback, its latencies over every process ({@link ServerStats#latencies()}).
     */
    public ServerStats stats() {
        return rt().stats();
    }

    /**
     * Binds a connection to a user id: with {@code dispatch_mode=5} its packets then go to worker
     * {@code uid % worker_num}. {@link ClientInfo#uid()} reports it.
     */
    public boolean bind(int fd, long uid) {
        return rt().bind(fd, uid);
    }

    /**
     * Sends a message to another process, whose onPipeMessage receives it: between workers in
     * process mode, and between a worker and a task worker or user process in either mode (a
     * task worker or user process sends to workers only).
     */
    public boolean sendMessage(byte[] message, int dstWorkerId) {
        return rt().sendMessage(message, dstWorkerId);
    }

    /** Sends a UTF-8 message to another worker ({@link #sendMessage(byte[], int)}). */
    public boolean sendMessage(String message, int dstWorkerId) {
        return rt().sendMessage(message.getBytes(StandardCharsets.UTF_8), dstWorkerId);
    }

    // ---------------------------------------------------------------- tasks

    /**
     * Runs {@code data} as a task in a task worker (any one) without waiting: its onTask runs
     * there, and its result comes back to this worker's onFinish.
     *
     * @return the task's id (unique within this worker), or -1 if the task could not be queued
     *         because the task IPC is full (counted in {@link ServerStats#taskRefusedCount()})
     * @throws ServerStateException without task workers, or in a task worker
     */
    public int task(byte[] data) {
        return rt().task(data, -1);
    }

    /** Like {@link #task(byte[])}, to task worker {@code dstWorkerId} (0 .. task_worker_num-1), or -1 for any. */
    public int task(byte[] data, int dstWorkerId) {
        return rt().task(data, dstWorkerId);
    }

    /** Runs a UTF-8 task ({@link #task(byte[])}). */
    public int task(String data) {
        return rt().task(data.getBytes(StandardCharsets.UTF_8), -1);
    }

    /**
     * Runs a task and waits for its result, blocking the calling thread (and, on the worker's
     * event loop, the worker) for up to {@code timeoutMillis}. Other tasks' results that arrive
     * meanwhile reach onFinish afterwards.
     *
     * @return the result; null if the timeout passed, the task worker died while running it, the
     *         task IPC stayed full, or onTask returned no result
     */
    public byte[] taskwait(byte[] data, long timeoutMillis) {
        return rt().taskwait(data, timeoutMillis, -1);
    }

    /** {@link #taskwait(byte[], long)} in task worker {@code dstWorkerId} (or -1 for any). */
    public byte[] taskwait(byte[] data, long timeoutMillis, int dstWorkerId) {
        return rt().taskwait(data, timeoutMillis, dstWorkerId);
    }

    /**
     * Runs every task concurrently and waits up to {@code timeoutMillis} in all for their results.
     *
     * @return the results in the order of {@code tasks}; null where a result did not arrive in time
     */
    public List<byte[]> taskWaitMulti(List<byte[]> tasks, long timeoutMillis) {
        return rt().taskWaitMulti(tasks, timeoutMillis);
    }

    /**
     * In onTask: sends {@code result} to the worker that sent the task now (its onFinish runs);
     * onTask's return value is then ignored. A task has one result: a second call returns false.
     *
     * @throws ServerStateException outside onTask
     */
    public boolean finish(byte[] result) {
        return rt().finish(result);
    }

    /** Calls {@code handler} every {@code intervalMillis}; returns the timer's id. */
    public long tick(long intervalMillis, TimerHandler handler) {
        return rt().tick(intervalMillis, handler);
    }

    /** Calls {@code handler} once after {@code delayMillis}; returns the timer's id. */
    public long after(long delayMillis, TimerHandler handler) {
        return rt().after(delayMillis, handler);
    }

    public boolean clearTimer(long timerId) {
        return rt().clearTimer(timerId);
    }

    /** Stops the whole server; {@link #start()} returns once it has stopped. */
    public void shutdown() {
        rt().shutdown();
    }

    /** The port actually bound by listening port {@code portId} (the kernel's choice for port 0). */
    public int boundPort(int portId) {
        return rt().boundPort(portId);
    }

    public int getWorkerId() {
        return rt().workerId();
    }

    public long getWorkerPid() {
        return rt().workerPid();
    }

    public long getMasterPid() {
        return rt().masterPid();
    }

    public long getManagerPid() {
        return rt().managerPid();
    }
}
