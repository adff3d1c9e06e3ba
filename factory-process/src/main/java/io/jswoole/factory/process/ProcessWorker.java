package io.jswoole.factory.process;

import io.jswoole.JswooleException;
import io.jswoole.PacketInfo;
import io.jswoole.Port;
import io.jswoole.PortEvents;
import io.jswoole.Server;
import io.jswoole.ServerEvents;
import io.jswoole.core.frame.ReadOnlyView;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.net.Connection;
import io.jswoole.core.net.Heartbeat;
import io.jswoole.core.pipe.Endpoint;
import io.jswoole.core.util.Affinity;
import io.jswoole.core.util.Callbacks;
import io.jswoole.core.util.Receive;
import io.jswoole.core.util.Signals;
import io.jswoole.event.ConnectionHandler;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.spi.ConnectionEvent;
import io.jswoole.spi.Factory;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.process.ProcessRole;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.supervision.MaxRequest;
import io.jswoole.supervision.ParentWatch;
import io.jswoole.supervision.Privileges;
import io.jswoole.supervision.Successor;
import io.jswoole.supervision.WorkerTable;
import io.jswoole.supervision.metrics.ProcessMetrics;
import io.jswoole.tasks.TaskIpc;
import io.jswoole.tasks.WorkerPeers;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A process-mode worker: one pipe to each of the master's reactor threads, polled by its own
 * event loop; runs the callbacks for the messages that arrive and sends replies back on the pipe
 * of the reactor thread that owns the connection, batched per loop turn: as process mode's
 * {@link Factory} in a worker, its {@link #finish} and {@link #end} are those messages; it holds
 * no connection, so nothing is dispatched or notified here.
 *
 * <p>Stopping (SIGTERM, {@code max_request}, reload) is a handshake, so no message is lost: the
 * worker says GOODBYE on every pipe, the reactor threads send it nothing more and close their
 * sending side, the worker handles what was already on its way until it reads end of stream,
 * then onWorkerStop runs and the process exits.
 *
 * <p>After {@code max_request} the worker first asks the manager for its successor
 * ({@link Successor}) and serves on. When the successor says HELLO to a reactor thread, that
 * thread retires this worker's pipe: the worker reads end of stream there once it has handled
 * everything sent on it, and leaves as above.
 */
final class ProcessWorker implements Factory<Connection> {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final ServerBootstrap bootstrap;
    private final Server server;
    private final ProcessRole role;
    private final int workerId;
    private final ReactorProvider reactor;
    private final PipeProvider pipe;
    private EventLoop loop;
    /** By reactor thread id: the pipe to it (its owner is that id). */
    private List<Endpoint<Integer>> endpoints;
    private WorkerTable table;
    /** Where the time of each onReceive and onPacket is counted. */
    private ProcessMetrics.Recorder times;
    /**
     * How many messages of each reactor thread this worker has finished, and how many of them are
     * published in {@link WorkerProgress}: a count is published once the pipe to that reactor has
     * drained, so the replies of the messages it covers are out of this process.
     */
    private WorkerProgress progress;
    private int progressBank;
    private long[] finished;
    private long[] published;
    /** Per reactor: the time its latest {@link Msg#STAMP} gave, 0 before the first. */
    private long[] readAt;
    private boolean publishScheduled;
    private final Runnable publishAtEndOfTurn = this::publishFinished;
    /** The view of a received packet in the pipe's buffer that the view form of onReceive gets. */
    private final ReadOnlyView receiveView = new ReadOnlyView();
    private WorkerPeers peers;
    private long requests;
    /** Per port id: {@code ordered_replies}, so each packet handled is followed by {@link Msg#DONE}. */
    private boolean[] orderedPorts;
    /** Per port id: its callbacks (the ports are fixed once the server starts). */
    private PortEvents[] portEvents;
    /**
     * When the latest onReceive of a run of received packets returned, which is when the next
     * one starts: one clock read per packet instead of two. 0 when unknown (a new turn, or another
     * kind of message came in between).
     */
    private long lastReceiveEnd;
    /** dispatch_mode 3: each message handled is subtracted from this worker's load in the table. */
    private boolean countsLoad;
    private boolean stopping;
    /** A successor has been asked for: a pipe that ends is this worker's retirement, not the master's loss. */
    private boolean successorAsked;
    private int open;
    private SharedConnectionTable shared;
    private ReactorPipes pipes;
    private volatile Throwable startFailure;

    ProcessWorker(ServerBootstrap bootstrap, ReactorProvider reactor, PipeProvider pipe) {
        this.bootstrap = bootstrap;
        this.server = bootstrap.server();
        this.role = bootstrap.role();
        this.workerId = role.id();
        this.reactor = reactor;
        this.pipe = pipe;
    }

    /** The name of reactor thread {@code r}'s pipe listener in the run directory. */
    static String pipeName(int r) {
        return "reactor-" + r;
    }

    /** The key under which the master passes reactor thread {@code r}'s pipe address to its children. */
    static String addressKey(int r) {
        return "worker_pipe." + pipeName(r);
    }

    @Override
    public void start() throws IOException {
        int reactorNum = ProcessMaster.reactorNum(server.settings());
        loop = new EventLoop(reactor, "worker#" + workerId);
        endpoints = new ArrayList<>(reactorNum);
        try (WorkerTable t = WorkerTable.open(role.runDir());
             SharedConnectionTable sharedTable = SharedConnectionTable.open(role.runDir());
             WorkerProgress p = WorkerProgress.open(role.runDir(), server.settings().get(Keys.WORKER_NUM), reactorNum);
             ProcessMetrics metrics = ProcessMetrics.open(role.runDir());
             Signals signals = new Signals()) {
            table = t;
            shared = sharedTable;
            progress = p;
            times = metrics.recorder(slot());
            Privileges.dropIn(server.settings()); // a process-mode worker binds nothing: at once
            finished = new long[reactorNum];
            readAt = new long[reactorNum];
            published = new long[reactorNum];
            countsLoad = WorkerLoad.counted(server);
            // Where a connection's packets all reach one worker, its replies are in order anyway.
            List<Port> ports = server.ports();
            portEvents = ports.stream().map(Port::events).toArray(PortEvents[]::new);
            orderedPorts = new boolean[ports.size()];
            for (int i = 0; i < ports.size() && Dispatcher.packetsMayMove(server); i++) {
                orderedPorts[i] = ports.get(i).settings().get(Keys.ORDERED_REPLIES);
            }
            for (int r = 0; r < reactorNum; r++) {
                int reactorId = r;
                String address = role.providers().get(addressKey(r));
                if (address == null) {
                    throw new IOException("the master passed no address for reactor thread " + r + "'s pipe");
                }
                Endpoint<Integer> e = new Endpoint<>(loop, pipe.connect(address, reactor.transport()),
                        (from, type, flags, portId, session, payload) -> onMessage(reactorId, type, flags, portId, session, payload),
                        this::pipeClosed);
                e.owner(reactorId);
                // Replies go back on the pipe the packets came from: take no more than the reactor reads.
                e.pauseReadingWhileBehind();
                endpoints.add(e);
            }
            open = reactorNum;
            pipes = new ReactorPipes(loop, endpoints);
            WorkerRuntime runtime = new WorkerRuntime(loop, pipes, this, shared, server.settings(), workerId, role.masterPid(),
                    () -> table.stopServer(role.masterPid()), Heartbeat.of(server), server.processes().size(),
                    () -> requests, metrics, table::idleWorkers);
            for (int r = 0; r < reactorNum; r++) {
                int reactorId = r;
                endpoints.get(r).onDrained(() -> {
                    published(reactorId);
                    pipes.drained(reactorId);
                });
            }
            if (TaskIpc.needed(server)) {
                peers = WorkerPeers.open(server, loop, role, table, slot());
                runtime.peers(peers);
            }
            bootstrap.attach(runtime);
            signals.on("TERM", this::shutdown).on("USR1", this::shutdown).ignore("INT").onLogReopen();
            ParentWatch.start(this::shutdown, (server.settings().get(Keys.MAX_WAIT_TIME) + 5) * 1000L);
            loop.execute(this::startServing);
            Affinity.pinCurrentThread(server.settings(), "worker", workerId);
            loop.run();
        } finally {
            if (peers != null) {
                peers.close();
            }
        }
        if (startFailure != null) {
            throw new JswooleException("onWorkerStart failed: " + startFailure, startFailure);
        }
    }

    private int slot() {
        return WorkerTable.slotOf(role.kind().label(), workerId);
    }

    private void startServing() {
        ServerEvents ev = server.events();
        if (peers != null) {
            try {
                peers.start();
            } catch (IOException e) {
                Log.error("cannot listen for task workers: " + e, e);
                startFailure = e;
                loop.stop();
                return;
            }
        }
        if (ev.onWorkerStart() != null) {
            try {
                ev.onWorkerStart().handle(server, workerId);
            } catch (Exception | LinkageError e) {
                Log.error("onWorkerStart threw " + e, e);
                startFailure = e;
                loop.stop();
                return;
            }
        }
        long pid = ProcessHandle.current().pid();
        progressBank = progress.claim(workerId, pid); // before hello: the master looks the bank up by pid
        ByteBuffer hello = ByteBuffer.allocate(8).putLong(0, pid);
        try {
            for (Endpoint<Integer> e : endpoints) {
                e.start();
                e.offer(Msg.HELLO, 0, 0, workerId, hello);
            }
        } catch (IOException e) {
            Log.error("cannot reach the master's reactors: " + e, e);
            startFailure = e;
            loop.stop();
            return;
        }
        table.started(slot(), role.kind().label(), workerId);
        watchRequests();
        io.jswoole.core.util.ProcessAge.logReady();
    }

    private void watchRequests() {
        int maxRequest = server.settings().get(Keys.MAX_REQUEST);
        long limit = MaxRequest.limit(maxRequest);
        loop.tick(100, id -> {
            table.requests(slot(), requests);
            if (requests >= limit && !stopping && !successorAsked) {
                Log.info("served " + requests + " requests (max_request " + maxRequest + "); asking for a successor");
                successorAsked = true;
                Successor.ask(table, slot(), loop, this::beginShutdown);
            }
        });
    }

    // ------------------------------------------------------------------ messages from the master

    private void onMessage(int reactorId, int type, int flags, int portId, int session, ByteBuffer payload) {
        if (type == Msg.STAMP) {
            readAt[reactorId] = payload.getLong(payload.position()); // not work: not counted as finished
            return;
        }
        if (type != Msg.RECEIVE) {
            lastReceiveEnd = 0;
        }
        table.busy(slot(), true); // for idle_worker_num; plain writes to the shared table, no fence
        try {
            handle(reactorId, type, flags, portId, session, payload);
        } finally {
            table.busy(slot(), false);
            if (countsLoad) {
                table.addInFlight(slot(), -1);
            }
            finished[reactorId]++;
            if (!publishScheduled) {
                publishScheduled = true;
                loop.atEndOfTurn(publishAtEndOfTurn);
            }
        }
    }

    /** End of a turn: flushes the pipes with newly finished messages; each publishes its count once drained. */
    private void publishFinished() {
        publishScheduled = false;
        lastReceiveEnd = 0;
        for (int r = 0; r < endpoints.size(); r++) {
            if (published[r] != finished[r]) {
                endpoints.get(r).flush();
            }
        }
    }

    /** The pipe to reactor {@code r} drained: everything finished so far has its replies out. */
    private void published(int r) {
        if (published[r] != finished[r]) {
            published[r] = finished[r];
            progress.publish(workerId, progressBank, r, published[r]);
        }
    }

    private void handle(int reactorId, int type, int flags, int portId, int session, ByteBuffer payload) {
        switch (type) {
            case Msg.RECEIVE -> {
                requests++;
                long start = lastReceiveEnd != 0 ? lastReceiveEnd : System.nanoTime();
                recordWait(reactorId, portId, start);
                try {
                    Receive.deliver(portEvents(portId), server, session, reactorId, receiveView.of(payload));
                } finally {
                    lastReceiveEnd = System.nanoTime();
                    times.record(ProcessMetrics.RECEIVE, portId, lastReceiveEnd - start);
                    if (portId < orderedPorts.length && orderedPorts[portId]) {
                        // after everything onReceive sent on this pipe: the master releases the next replies
                        endpoints.get(reactorId).offer(Msg.DONE, 0, 0, session, EMPTY);
                    }
                }
            }
            case Msg.CONNECT -> connection("onConnect", portEvents(portId).onConnect(), session, reactorId);
            case Msg.CLOSE -> {
                boolean byServer = (flags & Msg.FLAG_BY_SERVER) != 0;
                connection("onClose", portEvents(portId).onClose(), session, byServer ? -1 : reactorId);
                if (!byServer) {
                    // The client ended its side; the master keeps writing until this, which follows the
                    // replies to its last packets. A no-op if the master has already closed it.
                    server.close(session);
                }
            }
            case Msg.BUFFER_FULL -> connection("onBufferFull", portEvents(portId).onBufferFull(), session, reactorId);
            case Msg.BUFFER_EMPTY -> connection("onBufferEmpty", portEvents(portId).onBufferEmpty(), session, reactorId);
            case Msg.PACKET -> packet(reactorId, payload);
            case Msg.PIPE_MESSAGE -> {
                byte[] data = bytes(payload);
                ServerEvents ev = server.events();
                if (ev.onPipeMessage() != null) {
                    Callbacks.run("onPipeMessage", () -> ev.onPipeMessage().handle(server, session, data));
                }
            }
            default -> Log.warn("unknown message type " + type + " from reactor " + reactorId);
        }
    }

    /** The callbacks of the port a connection came in on. */
    private PortEvents portEvents(int portId) {
        return portEvents[portId < portEvents.length ? portId : 0];
    }

    private void connection(String name, ConnectionHandler h, int fd, int reactorId) {
        if (h != null) {
            Callbacks.run(name, () -> h.handle(server, fd, reactorId));
        }
    }

    /** How long a packet waited since its reactor thread's turn read it ({@link Msg#STAMP}). */
    private void recordWait(int reactorId, int portId, long now) {
        long readAt = this.readAt[reactorId];
        if (readAt != 0) {
            times.record(ProcessMetrics.DISPATCH_WAIT, portId, Math.max(0, now - readAt));
        }
    }

    private void packet(int reactorId, ByteBuffer payload) {
        Msg.Datagram d;
        try {
            d = Msg.readDatagram(payload);
        } catch (UnknownHostException e) {
            Log.warn("malformed datagram message: " + e);
            return;
        }
        requests++;
        byte[] data = bytes(payload);
        PortEvents events = portEvents(d.portId());
        PacketInfo info = new PacketInfo(d.address().getAddress().getHostAddress(), d.address().getPort(), d.portId());
        long start = System.nanoTime();
        recordWait(reactorId, d.portId(), start);
        Callbacks.run("onPacket", () -> events.onPacket().handle(server, data, info));
        times.record(ProcessMetrics.PACKET, d.portId(), System.nanoTime() - start);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] data = new byte[b.remaining()];
        b.get(data);
        return data;
    }

    // ------------------------------------------------------------------ Factory: to the reactor threads

    /**
     * A reply goes to the reactor thread that owns the connection, through its pipe (on the loop;
     * from another thread a copy is handed to the loop).
     */
    @Override
    public boolean finish(int fd, ByteBuffer data) {
        if (!shared.exists(fd)) {
            return false;
        }
        int length = data.remaining();
        if (length > server.settings().get(Keys.BUFFER_OUTPUT_SIZE)) {
            Log.warn("send of " + length + " bytes to connection " + fd + " refused: larger than buffer_output_size");
            return false;
        }
        int position = data.position();
        try {
            return pipes.send(shared.reactorOf(fd), Msg.SEND, 0, fd, data);
        } finally {
            data.position(position);
        }
    }

    @Override
    public boolean end(int fd, boolean reset) {
        if (!shared.exists(fd)) {
            return false;
        }
        return pipes.send(shared.reactorOf(fd), Msg.CLOSE_REQUEST, reset ? Msg.FLAG_RESET : 0, fd, EMPTY);
    }

    @Override
    public void dispatch(Connection connection, ByteBuffer packet) {
        throw new IllegalStateException("a process-mode worker holds no connection: the master's reactor threads dispatch");
    }

    @Override
    public boolean notify(Connection connection, ConnectionEvent event) {
        throw new IllegalStateException("a process-mode worker holds no connection: the master's reactor threads notify");
    }

    // ------------------------------------------------------------------ stopping

    /** Any thread. */
    @Override
    public void shutdown() {
        loop.execute(this::beginShutdown);
    }

    private void beginShutdown() {
        if (stopping) {
            return;
        }
        stopping = true;
        Log.info("stopping");
        table.state(slot(), WorkerTable.STATE_STOPPING);
        ServerEvents ev = server.events();
        if (ev.onWorkerExit() != null) {
            Callbacks.run("onWorkerExit", () -> ev.onWorkerExit().handle(server, workerId));
        }
        for (Endpoint<Integer> e : endpoints) {
            e.offer(Msg.GOODBYE, 0, 0, workerId, EMPTY);
        }
        loop.after(server.settings().get(Keys.MAX_WAIT_TIME) * 1000L, id -> {
            if (open > 0) {
                Log.warn("the master did not release this worker within max_wait_time; stopping anyway");
                finish();
            }
        });
    }

    /**
     * A pipe closed: after GOODBYE, the master's answer; after asking for a successor, the
     * successor has taken this pipe's place; otherwise, the master is gone.
     */
    private void pipeClosed(Endpoint<Integer> e) {
        open--;
        if (!stopping && replaced()) {
            beginShutdown(); // the other reactor threads are told GOODBYE, if the successor is not there yet
        } else if (!stopping) {
            Log.warn("a pipe to the master closed; stopping");
            stopping = true;
            for (Endpoint<Integer> other : endpoints) {
                other.close();
            }
        }
        if (open <= 0) {
            finish();
        }
    }

    /**
     * Whether a successor has this worker's id: asked for, or (a reload) already in the process
     * table, which it enters before its HELLO leaves.
     */
    private boolean replaced() {
        return successorAsked || table.pid(slot()) != ProcessHandle.current().pid();
    }

    private void finish() {
        if (!loop.isRunning()) {
            return;
        }
        for (Endpoint<Integer> e : endpoints) {
            e.flush();
            e.close();
        }
        if (peers != null) {
            peers.stop();
        }
        table.state(slot(), WorkerTable.STATE_EXITED);
        ServerEvents ev = server.events();
        if (ev.onWorkerStop() != null) {
            Callbacks.run("onWorkerStop", () -> ev.onWorkerStop().handle(server, workerId));
        }
        loop.stop();
    }
}
