package io.jswoole.tasks;

import io.jswoole.JswooleException;
import io.jswoole.Server;
import io.jswoole.ServerEvents;
import io.jswoole.ServerStateException;
import io.jswoole.ServerStats;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.loop.LoopRuntime;
import io.jswoole.core.loop.WithoutConnections;
import io.jswoole.core.pipe.Endpoint;
import io.jswoole.core.util.Callbacks;
import io.jswoole.core.util.Signals;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.process.ProcessRole;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.supervision.ParentWatch;
import io.jswoole.supervision.Privileges;
import io.jswoole.supervision.WorkerTable;
import io.jswoole.supervision.metrics.Latencies;
import io.jswoole.supervision.metrics.ProcessMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A process linked to every worker that is not a worker itself: a task worker or a user process.
 * It runs an event loop on the main thread, connects to the workers, and stops on SIGTERM (now)
 * or SIGUSR1 (retire: finish what it has first), or when the manager is gone.
 */
abstract class PeerProcess {
    protected final ServerBootstrap bootstrap;
    protected final Server server;
    protected final ProcessRole role;
    protected final int id;
    protected final int workerNum;
    protected final EventLoop loop;
    protected WorkerTable table;
    /** Where the time of each callback this process runs is counted. */
    protected ProcessMetrics.Recorder times;
    /** Every process's callback histograms: the latencies of stats(). */
    private ProcessMetrics metrics;
    protected TaskIpc ipc;
    protected PeerLinks links;
    private boolean stopping;
    private volatile Throwable startFailure;
    /** The timers the application set through the server (tick, after), pending or not. */
    private final java.util.Set<Long> applicationTimers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    PeerProcess(ServerBootstrap bootstrap, ReactorProvider reactor) throws IOException {
        this.bootstrap = bootstrap;
        this.server = bootstrap.server();
        this.role = bootstrap.role();
        this.id = role.id();
        this.workerNum = server.settings().get(Keys.WORKER_NUM);
        this.loop = new EventLoop(reactor, role.kind().label() + "#" + id);
    }

    protected final int slot() {
        return WorkerTable.slotOf(role.kind().label(), id);
    }

    /** Runs the process until it stops. */
    public final void run() throws IOException {
        try (WorkerTable t = WorkerTable.open(role.runDir());
             TaskIpc opened = TaskIpc.open(server, role);
             ProcessMetrics m = ProcessMetrics.open(role.runDir());
             Signals signals = new Signals()) {
            table = t;
            metrics = m;
            times = m.recorder(slot());
            Privileges.dropIn(server.settings()); // a task worker or user process binds nothing: at once
            ipc = opened;
            links = new PeerLinks(loop, ipc, role.runDir(), id, workerNum, this::onMessage);
            bootstrap.attach(new Runtime(loop));
            signals.on("TERM", () -> loop.execute(() -> stop(false))).on("USR1", () -> loop.execute(() -> stop(true)))
                    .ignore("INT").onLogReopen();
            ParentWatch.start(() -> loop.execute(() -> stop(false)), (server.settings().get(Keys.MAX_WAIT_TIME) + 5) * 1000L);
            loop.execute(this::begin);
            loop.run();
        } finally {
            if (table != null) {
                table.state(slot(), WorkerTable.STATE_EXITED);
            }
        }
        if (startFailure != null) {
            throw new JswooleException(role.kind().label() + " " + id + " failed to start: " + startFailure, startFailure);
        }
    }

    private void begin() {
        table.started(slot(), role.kind().label(), id);
        links.start();
        try {
            started();
        } catch (Exception | LinkageError e) {
            Log.error(role.kind().label() + " " + id + " failed to start: " + e, e);
            startFailure = e;
            stop(false);
            return;
        }
        io.jswoole.core.util.ProcessAge.logReady();
    }

    /** The process's own start, on the loop once the links are being made. */
    protected abstract void started() throws Exception;

    /** What this process has handled, for {@code stats().workerRequestCount()}: tasks in a task worker. */
    protected long handled() {
        return 0;
    }

    /** A message on a link (beyond pipe messages, which this class delivers). */
    protected void onLinkMessage(Endpoint<PeerLinks.Link> link, int workerId, int type, int flags, int session, ByteBuffer payload) {
        Log.warn("unexpected message type " + type + " from worker " + workerId);
    }

    private void onMessage(Endpoint<PeerLinks.Link> link, int workerId, int type, int flags, int session, ByteBuffer payload) {
        if (type == PeerWire.PIPE) {
            byte[] msg = PeerWire.bytes(payload);
            ServerEvents ev = server.events();
            if (ev.onPipeMessage() != null) {
                Callbacks.run("onPipeMessage", () -> ev.onPipeMessage().handle(server, workerId, msg));
            }
        } else {
            onLinkMessage(link, workerId, type, flags, session, payload);
        }
    }

    /** Stops now, or (retiring) once {@link #drain} calls back. Loop thread. */
    protected final void stop(boolean retiring) {
        if (stopping) {
            return;
        }
        stopping = true;
        Log.info(retiring ? "retiring" : "stopping");
        table.state(slot(), WorkerTable.STATE_STOPPING);
        if (retiring) {
            long deadline = System.nanoTime() + server.settings().get(Keys.MAX_WAIT_TIME) * 1_000_000_000L;
            drain(deadline, this::finish);
        } else {
            finish();
        }
    }

    /** Lets work in hand finish before the process leaves (until {@code deadline}); then runs {@code then}. */
    protected void drain(long deadline, Runnable then) {
        then.run();
    }

    protected final boolean stopping() {
        return stopping;
    }

    /** Whether a timer the application set is still pending. */
    protected final boolean applicationTimerPending() {
        applicationTimers.removeIf(timerId -> !loop.timerExists(timerId));
        return !applicationTimers.isEmpty();
    }

    private void finish() {
        stopped();
        links.stop();
        loop.after(1, tid -> loop.stop()); // let the retired links flush first
    }

    /** Runs once when the process stops, before its links close. */
    protected void stopped() {
    }

    /** What {@code finish()} does here; only a task worker in onTask has a task to finish. */
    protected boolean finish(byte[] result) {
        throw new ServerStateException("finish() may be called in onTask only, in a task worker");
    }

    /** The server's methods in this process. */
    private final class Runtime extends LoopRuntime implements WithoutConnections {
        Runtime(EventLoop loop) {
            super(loop);
        }

        @Override
        public ServerStateException notHere(String method) {
            return new ServerStateException(method + "() is not available in a " + role.kind().label()
                    + ": connections belong to the workers (send them a message with sendMessage)");
        }

        @Override
        public int boundPort(int portId) {
            Integer p = role.ports().get(portId);
            if (p == null) {
                throw new IllegalArgumentException("no port " + portId);
            }
            return p;
        }

        @Override
        public long tick(long intervalMillis, io.jswoole.event.TimerHandler handler) {
            long timerId = super.tick(intervalMillis, handler);
            applicationTimers.add(timerId);
            return timerId;
        }

        @Override
        public long after(long delayMillis, io.jswoole.event.TimerHandler handler) {
            long timerId = super.after(delayMillis, handler);
            applicationTimers.add(timerId);
            return timerId;
        }

        @Override
        public ServerStats stats() {
            return new ServerStats(0, 0, 0, 0, 0, workerNum, server.settings().get(Keys.TASK_WORKER_NUM), 0, 0, 0, 0, 0,
                    0, 0, table.idleWorkers(), 0).withTasks(table.taskCounts()).withProcess(server.processes().size(), handled())
                    .withLatencies(Latencies.of(metrics));
        }

        @Override
        public boolean sendMessage(byte[] message, int dstWorkerId) {
            if (dstWorkerId < 0 || dstWorkerId >= workerNum) {
                throw new IllegalArgumentException("a " + role.kind().label() + " sends messages to workers only: 0 .. "
                        + (workerNum - 1) + ", not " + dstWorkerId);
            }
            byte[] copy = message.clone();
            return loop.call(() -> {
                Endpoint<PeerLinks.Link> link = links.newest(dstWorkerId);
                return link != null && link.offer(PeerWire.PIPE, 0, id, 0, ByteBuffer.wrap(copy));
            });
        }

        @Override
        public int task(byte[] data, int dstWorkerId) {
            throw notTasks("task");
        }

        @Override
        public byte[] taskwait(byte[] data, long timeoutMillis, int dstWorkerId) {
            throw notTasks("taskwait");
        }

        @Override
        public java.util.List<byte[]> taskWaitMulti(java.util.List<byte[]> tasks, long timeoutMillis) {
            throw notTasks("taskWaitMulti");
        }

        private ServerStateException notTasks(String method) {
            return new ServerStateException(method + "() is not available in a " + role.kind().label()
                    + ": workers send tasks (send a worker a message with sendMessage)");
        }

        @Override
        public boolean finish(byte[] result) {
            return loop.call(() -> PeerProcess.this.finish(result));
        }

        @Override
        public void shutdown() {
            table.stopServer(role.masterPid());
        }

        @Override
        public int workerId() {
            return id;
        }

        @Override
        public long masterPid() {
            return role.masterPid();
        }

        @Override
        public long managerPid() {
            return ParentWatch.parentPid();
        }
    }
}
