package io.jswoole.factory.process;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.net.Connection;
import io.jswoole.core.net.ConnectionOwner;
import io.jswoole.core.net.DatagramEvents;
import io.jswoole.core.net.DatagramPort;
import io.jswoole.core.net.Heartbeat;
import io.jswoole.core.net.PortConfig;
import io.jswoole.core.pipe.Endpoint;
import io.jswoole.log.Log;
import io.jswoole.spi.ConnectionEvent;
import io.jswoole.spi.Factory;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A reactor thread of the master (Swoole's {@code swReactorThread}): owns the connections handed
 * to it, reads and frames their data, sends each packet to the worker the dispatch mode picks,
 * and writes the workers' replies. It also accepts the workers' pipes to it (one per worker), and
 * reactor 0 serves the datagram ports. Everything runs on its own event loop thread.
 */
final class ReactorThread implements DatagramEvents, ConnectionOwner {
    /** Warnings that clients can cause again and again, for all reactor threads. */
    private static final Log.Limited CLIENT_WARNINGS = Log.limited(10);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /**
     * Datagrams wait for a worker that is behind up to this many bytes of backlog; beyond it they
     * are dropped, as the kernel drops what a full socket cannot take, instead of being queued for
     * the backlog's whole bound (and logged one by one once it is reached).
     */
    private static final long DATAGRAM_BACKLOG = 1L << 20;

    private final int id;
    private final EventLoop loop;
    private final SharedConnectionTable shared;
    private final Dispatcher dispatcher;
    /** The master's factory, which the connections call and which hands each call to the owning reactor thread. */
    private final Factory<Connection> factory;
    private final WorkerLink[] links;
    private final PipeListener pipes;
    private final Heartbeat heartbeat;
    private final Map<Integer, Connection> connections = new HashMap<>();
    /** The connections of ports with {@code ordered_replies}: what each worker still owes them. */
    private final Map<Integer, OrderedReplies> ordered = new HashMap<>();
    private final List<DatagramPort> datagramPorts = new ArrayList<>();
    private final List<Endpoint<WorkerLink>> endpoints = new ArrayList<>();
    /** Per worker: datagrams for it are being dropped (logged once until its backlog empties). */
    private final boolean[] droppingDatagrams;
    /** Per worker: a {@link Msg#STAMP} went out in this turn. */
    private final boolean[] stamped;
    private boolean stampsToClear;
    private final Runnable clearStamps = this::clearStamps;
    private Thread thread;
    /** The master is stopping: pipes close because it closes them, not because a worker died. */
    private boolean stopping;

    /**
     * {@code progress} (null: none) tells what each worker finished, so that what a dead worker was
     * handed is closed or replayed ({@code replay}, from {@code worker_lost_policy}).
     */
    ReactorThread(int id, EventLoop loop, SharedConnectionTable shared, Dispatcher dispatcher, Factory<Connection> factory,
                  int workers, PipeListener pipes, Heartbeat heartbeat, WorkerProgress progress, boolean replay) {
        this.id = id;
        this.factory = factory;
        this.heartbeat = heartbeat;
        this.loop = loop;
        this.shared = shared;
        this.dispatcher = dispatcher;
        this.pipes = pipes;
        this.links = new WorkerLink[workers];
        this.droppingDatagrams = new boolean[workers];
        this.stamped = new boolean[workers];
        WorkerLink.Tracking tracking = progress == null ? null
                : new WorkerLink.Tracking(progress, id, replay, fd -> loop.execute(() -> closeFromMaster(fd, false)));
        for (int w = 0; w < workers; w++) {
            links[w] = new WorkerLink(w, dispatcher.load(), tracking);
        }
    }

    /** Where workers connect to this reactor thread's pipe listener. */
    String pipeAddress() {
        return pipes.address();
    }

    int id() {
        return id;
    }

    EventLoop loop() {
        return loop;
    }

    /** Serves a datagram port (reactor 0); call before {@link #start()}. */
    void addDatagramPort(java.util.function.Function<ReactorThread, DatagramPort> factory) {
        datagramPorts.add(factory.apply(this));
    }

    /**
     * Starts the thread; its pipe listener and datagram ports are registered first, and the
     * heartbeat sweeps this thread's own connections on its loop.
     */
    void start() {
        loop.execute(() -> {
            heartbeat.start(loop, () -> List.copyOf(connections.values()), "reactor " + id);
            try {
                loop.register(pipes.pollable(), Poller.READ, acceptPipes());
                for (DatagramPort d : datagramPorts) {
                    d.start();
                }
            } catch (IOException e) {
                Log.error("reactor " + id + " cannot start: " + e, e);
            }
        });
        thread = new Thread(loop::run, "jswoole-reactor-" + id);
        thread.start();
    }

    void countDatagram() {
        shared.countRequest(id);
    }

    // ------------------------------------------------------------------ client connections

    /** Takes a connection the main reactor accepted (onConnect follows from {@link Connection#start()}); on this loop. */
    void adopt(StreamSocket socket, PortConfig port, int serverPort) {
        String ip = "";
        int remotePort = 0;
        try {
            SocketAddress remote = socket.remoteAddress();
            if (remote instanceof InetSocketAddress inet) {
                ip = inet.getAddress().getHostAddress();
                remotePort = inet.getPort();
            }
        } catch (IOException e) {
            Log.debug("peer address: " + e);
        }
        int fd = shared.open(id, port.id(), serverPort, port.type(), ip, remotePort, -1, System.currentTimeMillis() / 1000);
        if (fd < 0) {
            CLIENT_WARNINGS.warn("connection on " + port.port() + " refused: max_connection reached on reactor " + id);
            closeQuietly(socket);
            return;
        }
        Connection c = new Connection(fd, id, socket, port, loop, factory, this);
        connections.put(fd, c);
        shared.touch(fd, c.lastTime()); // the same second as the connection's own clock
        shared.countAccept(id);
        try {
            c.start();
        } catch (IOException e) {
            Log.warn("cannot register connection " + fd + ": " + e);
            c.close(true, true);
        }
    }

    /** Swoole's notify on this reactor thread: the event goes to the connection's worker. */
    boolean notify(Connection c, ConnectionEvent event) {
        return switch (event) {
            case CONNECT -> connected(c);
            case INPUT_ENDED -> inputEnded(c);
            case CLOSE -> closed(c, false);
            case CLOSE_BY_SERVER -> closed(c, true);
            case BUFFER_FULL -> bufferEvent(c, io.jswoole.Server.EVENT_BUFFER_FULL, Msg.BUFFER_FULL);
            case BUFFER_EMPTY -> bufferEvent(c, io.jswoole.Server.EVENT_BUFFER_EMPTY, Msg.BUFFER_EMPTY);
        };
    }

    private boolean connected(Connection c) {
        if (!dispatcher.deliversConnectAndClose()) {
            return false;
        }
        int w = dispatcher.pick(c, io.jswoole.Server.EVENT_CONNECT, null);
        shared.worker(c.fd(), w);
        return toWorker(w, Msg.CONNECT, 0, c.port().id(), c.fd(), EMPTY, c) != WorkerLink.Outcome.REFUSED;
    }

    /** Swoole's dispatch on this reactor thread: the packet goes to the worker the dispatch mode picks, through its pipe. */
    void dispatch(Connection c, ByteBuffer packet) {
        int w = dispatcher.pick(c, io.jswoole.Server.EVENT_RECEIVE, packet);
        if (dispatcher.packetsMayMove()) {
            shared.worker(c.fd(), w); // otherwise the connect event recorded it
        }
        WorkerLink.Outcome outcome = toWorker(w, Msg.RECEIVE, 0, c.port().id(), c.fd(), packet, c);
        if (outcome != WorkerLink.Outcome.REFUSED && c.port().orderedReplies() && dispatcher.packetsMayMove()) {
            ordered.computeIfAbsent(c.fd(), fd -> new OrderedReplies(Connection.RELAY_SLACK)).dispatched(w);
        }
    }

    /**
     * The client ended its side: the worker hears of it now, as Swoole's reactor does, but the
     * connection stays open for writing until the worker, after onClose, asks to close it. The pipe
     * keeps order, so the replies to the client's last packets come before that request.
     */
    private boolean inputEnded(Connection c) {
        if (!dispatcher.deliversConnectAndClose()) {
            return false;
        }
        int w = dispatcher.pick(c, io.jswoole.Server.EVENT_CLOSE, null);
        return toWorker(w, Msg.CLOSE, 0, c.port().id(), c.fd(), EMPTY, null) != WorkerLink.Outcome.REFUSED;
    }

    private boolean closed(Connection c, boolean byServer) {
        if (!dispatcher.deliversConnectAndClose() || c.inputEnded()) {
            return false; // not delivered, or its worker heard of the end of input already
        }
        int w = dispatcher.pick(c, io.jswoole.Server.EVENT_CLOSE, null);
        return toWorker(w, Msg.CLOSE, byServer ? Msg.FLAG_BY_SERVER : 0, c.port().id(), c.fd(), EMPTY, null)
                != WorkerLink.Outcome.REFUSED;
    }

    private boolean bufferEvent(Connection c, int event, int type) {
        int w = dispatcher.pickForBufferEvent(c, event, shared.workerOf(c.fd()));
        return toWorker(w, type, 0, c.port().id(), c.fd(), EMPTY, null) != WorkerLink.Outcome.REFUSED;
    }

    @Override
    public void requestReceived(Connection c) {
        shared.countRequest(id);
    }

    /** Workers' heartbeat() reads the last receive time from the shared table: keep it equal to the connection's. */
    @Override
    public void lastTimeChanged(Connection c) {
        shared.touch(c.fd(), c.lastTime());
    }

    /** Workers read the client's address from the shared table: the PROXY header's replaces the socket's. */
    @Override
    public void remoteChanged(Connection c, InetAddress ip, int port) {
        shared.remote(c.fd(), ip, port);
    }

    @Override
    public void aborted(Connection c) {
        shared.countAbort(id);
    }

    @Override
    public void removed(Connection c) {
        if (connections.remove(c.fd()) != null) {
            ordered.remove(c.fd());
            for (WorkerLink link : links) {
                link.forget(c);
            }
            shared.close(c.fd());
            shared.countClose(id);
        }
    }

    @Override
    public void onDatagram(DatagramPort port, SocketAddress from, ByteBuffer data) {
        if (!(from instanceof InetSocketAddress inet)) {
            return;
        }
        int w = dispatcher.pickForDatagram(inet.hashCode());
        long waiting = links[w].backlogBytes();
        if (waiting > DATAGRAM_BACKLOG) {
            if (!droppingDatagrams[w]) {
                droppingDatagrams[w] = true;
                Log.warn("worker " + w + " is behind (" + waiting + " bytes waiting); datagrams for it on "
                        + port.port().port() + " are dropped until it catches up");
            }
            return;
        }
        if (waiting == 0) {
            droppingDatagrams[w] = false;
        }
        toWorker(w, Msg.PACKET, 0, 0, 0, Msg.datagram(port.port().id(), inet, data), null);
    }

    /** Sends a message to a worker; {@code portId} is the connection's listening port (see {@link Msg}). */
    private WorkerLink.Outcome toWorker(int worker, int type, int flags, int portId, int session, ByteBuffer payload,
                                        Connection origin) {
        if (!stamped[worker] && (type == Msg.RECEIVE || type == Msg.PACKET)) {
            stamp(worker);
        }
        WorkerLink.Outcome outcome = links[worker].send(type, flags, portId, session, payload);
        if ((type == Msg.RECEIVE || type == Msg.PACKET) && outcome != WorkerLink.Outcome.REFUSED) {
            shared.countDispatch(id);
        }
        switch (outcome) {
            case QUEUED, SENT_BEHIND -> {
                if (origin != null) {
                    links[worker].suspend(origin);
                }
            }
            case REFUSED -> {
                CLIENT_WARNINGS.warn("worker " + worker + " has too much waiting; closing connection " + session);
                if (origin != null) {
                    origin.close(true, true);
                }
            }
            default -> { }
        }
        return outcome;
    }

    /**
     * The first packet of this turn for {@code worker}: tells it when this turn read its packets,
     * so that it can count how long they waited for its callback. Once per worker and turn.
     */
    private void stamp(int worker) {
        stamped[worker] = true;
        if (!stampsToClear) {
            stampsToClear = true;
            loop.atEndOfTurn(clearStamps);
        }
        links[worker].stamp(System.nanoTime());
    }

    private void clearStamps() {
        Arrays.fill(stamped, false);
        stampsToClear = false;
    }

    // ------------------------------------------------------------------ worker pipes

    private IoHandler acceptPipes() {
        return ops -> {
            while (true) {
                PipeChannel ch;
                try {
                    ch = pipes.accept();
                } catch (IOException e) {
                    Log.warn("reactor " + id + ": accepting a worker pipe failed: " + e.getMessage());
                    return;
                }
                if (ch == null) {
                    return;
                }
                Endpoint<WorkerLink> pipe = new Endpoint<>(loop, ch, this::fromWorker, this::pipeClosed);
                try {
                    pipe.start();
                    endpoints.add(pipe);
                } catch (IOException e) {
                    Log.warn("reactor " + id + ": cannot register a worker pipe: " + e);
                    pipe.close();
                }
            }
        };
    }

    private void pipeClosed(Endpoint<WorkerLink> e) {
        endpoints.remove(e);
        WorkerLink owner = e.owner();
        if (owner != null) {
            owner.detached(e, false);
        }
        if (stopping) {
            return;
        }
        for (WorkerLink link : links) {
            for (int fd : link.ended(e)) {
                closeFromMaster(fd, false); // the client learns at once that its request is lost
            }
        }
        if (owner != null) {
            owner.resume(); // a retired pipe closed: its successor gets what waited, after any replay
        }
    }

    /** A message from a worker; {@code reactorId} is unused on this side. */
    private void fromWorker(Endpoint<WorkerLink> e, int type, int flags, int reactorId, int session, ByteBuffer payload) {
        switch (type) {
            case Msg.HELLO -> {
                if (session < 0 || session >= links.length) {
                    Log.warn("reactor " + id + ": a pipe said hello as worker " + session + "; closing it");
                    e.close();
                    return;
                }
                e.owner(links[session]);
                links[session].attach(e, payload.remaining() >= 8 ? payload.getLong(payload.position()) : 0);
            }
            case Msg.SEND -> {
                Connection c = connections.get(session);
                OrderedReplies order = ordered.get(session);
                if (c == null) {
                    return;
                }
                if (order == null) {
                    relay(c, payload);
                } else if (!order.send(workerOf(e), payload, reply -> relay(c, reply))) {
                    CLIENT_WARNINGS.warn("connection " + session + ": more than " + (Connection.RELAY_SLACK >> 20)
                            + " MiB of replies wait for an earlier request's (ordered_replies); closing it");
                    c.close(true, true);
                }
            }
            case Msg.DONE -> {
                Connection c = connections.get(session);
                OrderedReplies order = ordered.get(session);
                if (c != null && order != null) {
                    order.done(workerOf(e), reply -> relay(c, reply));
                }
            }
            case Msg.CLOSE_REQUEST -> {
                Connection c = connections.get(session);
                if (c == null) {
                    return;
                }
                Runnable close = (flags & Msg.FLAG_FORCE) != 0 ? c::forceClose
                        : () -> c.close(true, (flags & Msg.FLAG_RESET) != 0);
                OrderedReplies order = ordered.get(session);
                if (order == null) {
                    close.run();
                } else {
                    order.close(workerOf(e), close);
                }
            }
            case Msg.BIND -> {
                Connection c = connections.get(session);
                if (c != null && payload.remaining() >= 8) {
                    long uid = payload.getLong(payload.position());
                    c.uid(uid);
                    shared.uid(session, uid);
                }
            }
            case Msg.SENDTO -> sendto(payload);
            case Msg.PIPE_TO -> {
                WorkerLink src = e.owner();
                if (src != null && session >= 0 && session < links.length) {
                    toWorker(dispatcher.direct(session), Msg.PIPE_MESSAGE, 0, 0, src.workerId(), payload, null);
                }
            }
            case Msg.GOODBYE -> {
                WorkerLink link = e.owner();
                if (link != null) {
                    link.goodbye(e); // its end of stream is expected now
                } else {
                    e.retire();
                }
            }
            default -> Log.warn("reactor " + id + ": unknown message type " + type + " from a worker");
        }
    }

    /**
     * Queues a worker's reply for its client. One that cannot be taken (the client has not read
     * socket_buffer_size and all the replies in flight since) would leave a gap in what the client
     * reads, so its connection is closed instead.
     */
    private static void relay(Connection c, ByteBuffer reply) {
        if (!c.relay(reply) && !c.isClosing()) {
            CLIENT_WARNINGS.warn("connection " + c.fd() + ": a reply of " + reply.remaining()
                    + " bytes cannot be queued; closing it rather than leaving a gap in its stream");
            c.close(true, true);
        }
    }

    /** The worker id of a pipe that said hello; -1 before (its output then counts as outside any request). */
    private static int workerOf(Endpoint<WorkerLink> e) {
        WorkerLink link = e.owner();
        return link != null ? link.workerId() : -1;
    }

    private void sendto(ByteBuffer payload) {
        Msg.Datagram d;
        try {
            d = Msg.readDatagram(payload);
        } catch (UnknownHostException | RuntimeException e) {
            Log.warn("sendto: malformed request from a worker: " + e);
            return;
        }
        for (DatagramPort p : datagramPorts) {
            if (d.portId() < 0 || p.port().id() == d.portId()) {
                p.send(payload, d.address());
                return;
            }
        }
        Log.warn("sendto: no datagram port " + d.portId());
    }

    /** send() called in the master process; on this loop. */
    void sendFromMaster(int fd, ByteBuffer data) {
        Connection c = connections.get(fd);
        if (c != null) {
            c.send(data.array(), 0, data.remaining());
        }
    }

    /** close() called in the master process; on this loop. */
    void closeFromMaster(int fd, boolean reset) {
        Connection c = connections.get(fd);
        if (c != null) {
            c.close(true, reset);
        }
    }

    /** heartbeat(true) called in the master process; on this loop. */
    void forceCloseFromMaster(int fd) {
        Connection c = connections.get(fd);
        if (c != null) {
            c.forceClose();
        }
    }

    // ------------------------------------------------------------------ shutdown

    /** Closes every client connection (after its queued output, up to the deadline); on this loop. */
    void closeConnections(long deadlineNanos, Runnable done) {
        for (Connection c : List.copyOf(connections.values())) {
            c.close(true, false);
        }
        awaitClosed(deadlineNanos, done);
    }

    /**
     * After a hand-over: serves the open connections until their clients have closed them all or
     * {@code deadlineNanos} passes, then closes the rest (after their queued output, for up to a
     * second more). Loop thread only.
     */
    void drainConnections(long deadlineNanos, Runnable done) {
        if (!connections.isEmpty() && System.nanoTime() - deadlineNanos < 0) {
            loop.after(10, t -> drainConnections(deadlineNanos, done));
            return;
        }
        closeConnections(System.nanoTime() + TimeUnit.SECONDS.toNanos(1), done);
    }

    private void awaitClosed(long deadlineNanos, Runnable done) {
        if (!connections.isEmpty() && System.nanoTime() - deadlineNanos < 0) {
            loop.after(10, t -> awaitClosed(deadlineNanos, done));
            return;
        }
        for (Connection c : List.copyOf(connections.values())) {
            c.close(true, true);
        }
        done.run();
    }

    /** Stops the loop and waits for the thread. */
    void stop() throws InterruptedException {
        loop.execute(() -> {
            stopping = true;
            for (Endpoint<WorkerLink> e : List.copyOf(endpoints)) {
                e.close();
            }
            datagramPorts.forEach(DatagramPort::close);
            closeQuietly(pipes);
        });
        loop.stop();
        if (thread != null) {
            thread.join(10_000);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            Log.debug("close: " + e);
        }
    }
}
