package io.jswoole.tasks;

import io.jswoole.Server;
import io.jswoole.ServerEvents;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.pipe.Endpoint;
import io.jswoole.core.util.Callbacks;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.Registration;
import io.jswoole.supervision.WorkerTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.function.IntPredicate;

/**
 * A worker's side of tasks and user processes: it listens for links from every task worker and
 * user process, sends tasks (over a link, or onto the shared queue), and takes results and pipe
 * messages from the links. With a task broker, tasks go to the broker and a thread of its own
 * takes the results from it. Loop thread only, except the public methods, which hand their work to
 * the loop.
 *
 * <p>Bounded: at most {@link #MAX_IN_FLIGHT} tasks unanswered and {@link #MAX_UNSENT} waiting for
 * a task worker's link; past that, and when the IPC pushes back, {@code task()} returns -1.
 */
public final class WorkerPeers implements AutoCloseable {
    static final int MAX_IN_FLIGHT = 65_536;
    static final int MAX_UNSENT = 1_024;
    /** How long {@code task()} waits for room in a full shared queue before it returns -1. */
    static final long QUEUE_FULL_WAIT_MILLIS = 1_000;
    private static final long LOST_CHECK_MILLIS = 100;

    private final Server server;
    private final EventLoop loop;
    private final TaskIpc ipc;
    private final Path runDir;
    private final WorkerTable table;
    private final int slot;
    private final int workerId;
    private final int workerNum;
    private final int taskWorkerNum;
    private final long pid = ProcessHandle.current().pid();
    private final Map<Integer, Endpoint<Peer>> links = new HashMap<>();
    private final Set<Endpoint<Peer>> endpoints = new LinkedHashSet<>();
    private final Map<Integer, InFlight> inFlight = new HashMap<>();
    private final ArrayDeque<InFlight> unsent = new ArrayDeque<>();
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
    private PipeListener listener;
    private Registration registration;
    /**
     * The listener and the links, watched a second time while a taskwait blocks the loop: a
     * result (or a new link) wakes the wait at once. Opened by the first taskwait.
     */
    private final ResultWait resultWait;
    /** Results the broker thread took, for the loop (or a taskwait) to deliver. */
    private final ConcurrentLinkedQueue<byte[]> brokerResults = new ConcurrentLinkedQueue<>();
    private Thread brokerThread;
    private volatile boolean brokerStop;
    private int nextTaskId;
    private int roundRobin;
    /** The task worker (0-based) whose result came last: still awake, likely, and its caches warm. */
    private int lastAnswered = -1;
    private boolean waiting;

    /** A task sent and not yet answered. */
    private static final class InFlight {
        final int id;
        final int dst;
        /** The task, kept only until it is written to a link. */
        byte[] data;
        Endpoint<Peer> via;
        boolean wait;
        boolean abandoned;
        boolean done;
        byte[] result;

        InFlight(int id, int dst, byte[] data, boolean wait) {
            this.id = id;
            this.dst = dst;
            this.data = data;
            this.wait = wait;
        }
    }

    /** Who is at the other end of a link. */
    private record Peer(int id, long pid) {
    }

    /** This worker's task side, with the task IPC the master chose (closed with it). */
    public static WorkerPeers open(Server server, EventLoop loop, io.jswoole.spi.process.ProcessRole role, WorkerTable table,
                                   int slot) throws IOException {
        return new WorkerPeers(server, loop, TaskIpc.open(server, role), role.runDir(), table, slot, role.id());
    }

    private WorkerPeers(Server server, EventLoop loop, TaskIpc ipc, Path runDir, WorkerTable table, int slot, int workerId) {
        this.server = server;
        this.loop = loop;
        this.resultWait = new ResultWait(loop.reactor());
        this.ipc = ipc;
        this.runDir = runDir;
        this.table = table;
        this.slot = slot;
        this.workerId = workerId;
        this.workerNum = server.settings().get(Keys.WORKER_NUM);
        this.taskWorkerNum = server.settings().get(Keys.TASK_WORKER_NUM);
    }

    /** Listens for links and publishes the address; loop thread. */
    public void start() throws IOException {
        listener = ipc.links().listen(runDir, "peers-w" + workerId + "-" + pid, loop.transport());
        registration = loop.register(listener.pollable(), Poller.READ, ops -> acceptAll());
        if (ipc.queue() != null) {
            loop.tick(LOST_CHECK_MILLIS, id -> checkLostTasks());
        }
        if (ipc.broker() != null) {
            brokerThread = new Thread(this::takeBrokerResults, "jswoole-task-results");
            brokerThread.setDaemon(true);
            brokerThread.start();
        }
        PeerWire.publish(runDir, workerId, pid, listener.address());
    }

    private void acceptAll() {
        try {
            PipeChannel ch;
            while (listener != null && (ch = listener.accept()) != null) {
                Endpoint<Peer> e = new Endpoint<>(loop, ch, this::onMessage, this::closed);
                endpoints.add(e);
                e.start();
                resultWait.watch(e);
            }
        } catch (IOException e) {
            Log.warn("accepting a task worker's or user process's link: " + e.getMessage());
        }
    }

    private void onMessage(Endpoint<Peer> e, int type, int flags, int peerId, int session, ByteBuffer payload) {
        switch (type) {
            case PeerWire.HELLO -> {
                e.owner(new Peer(peerId, payload.getLong(payload.position())));
                links.put(peerId, e);
                e.onDrained(this::sendUnsent); // tasks that found every link full go once one drains
                sendUnsent();
            }
            case PeerWire.RESULT -> {
                if (peerId >= workerNum && peerId < workerNum + taskWorkerNum) {
                    lastAnswered = peerId - workerNum;
                }
                result(session, flags, payload);
            }
            case PeerWire.PIPE -> {
                byte[] msg = PeerWire.bytes(payload);
                ServerEvents ev = server.events();
                if (ev.onPipeMessage() != null) {
                    deliver(() -> Callbacks.run("onPipeMessage", () -> ev.onPipeMessage().handle(server, peerId, msg)));
                }
            }
            case PeerWire.RETIRING -> {
                if (links.get(peerId) == e) {
                    links.remove(peerId);
                }
                e.offer(PeerWire.RETIRED, 0, workerId, 0, ByteBuffer.allocate(0));
            }
            default -> Log.warn("unknown message type " + type + " from process " + peerId + "; ignored");
        }
    }

    private void result(int taskId, int flags, ByteBuffer payload) {
        InFlight t = inFlight.remove(taskId);
        if (t == null) {
            return; // abandoned by a taskwait that timed out and already forgotten, or a stale id
        }
        table.addTasking(slot, -1);
        byte[] data = (flags & PeerWire.NO_RESULT) != 0 ? null : PeerWire.bytes(payload);
        if (t.wait) {
            t.result = data;
            t.done = true;
            return;
        }
        ServerEvents ev = server.events();
        if (t.abandoned || data == null || ev.onFinish() == null) {
            return;
        }
        deliver(() -> Callbacks.run("onFinish", () -> ev.onFinish().handle(server, taskId, data)));
    }

    /** The broker thread: takes this worker's results and hands them to the loop. */
    private void takeBrokerResults() {
        while (!brokerStop) {
            List<byte[]> got;
            try {
                got = ipc.broker().results(500);
            } catch (IOException | RuntimeException e) {
                Log.warn("taking task results from the broker: " + e.getMessage());
                continue; // the broker retries its connection with back-off
            }
            if (got.isEmpty()) {
                continue;
            }
            brokerResults.addAll(got);
            try {
                loop.execute(this::deliverBrokerResults);
            } catch (RuntimeException e) {
                return; // the loop has stopped
            }
            resultWait.wakeup(); // a taskwait blocks the loop: it delivers them itself
        }
    }

    private void deliverBrokerResults() {
        byte[] r;
        while ((r = brokerResults.poll()) != null) {
            ByteBuffer b = ByteBuffer.wrap(r);
            int taskId = b.getInt();
            int flags = b.get() & 0xff;
            result(taskId, flags, b.slice());
        }
    }

    /** Runs a callback now, or after the taskwait in progress returns. */
    private void deliver(Runnable callback) {
        if (waiting) {
            deferred.add(callback);
        } else {
            callback.run();
        }
    }

    private void closed(Endpoint<Peer> e) {
        endpoints.remove(e);
        resultWait.unwatch(e);
        Peer peer = e.owner();
        if (peer == null) {
            return;
        }
        if (links.get(peer.id()) == e) {
            links.remove(peer.id());
        }
        List<InFlight> lost = new ArrayList<>();
        for (InFlight t : inFlight.values()) {
            if (t.via == e) {
                lost.add(t);
            }
        }
        for (InFlight t : lost) {
            fail(t, "task worker " + peer.id() + " (pid " + peer.pid() + ") exited while it had task " + t.id);
        }
        checkLostTasks();
    }

    /**
     * With a shared queue, a sender does not know which task worker took its task: each task
     * worker records the task it runs in the process table, and a task whose task worker is no
     * longer alive is lost. Checked when a link closes and every {@link #LOST_CHECK_MILLIS}.
     */
    private void checkLostTasks() {
        if (ipc.queue() == null || inFlight.isEmpty()) {
            return;
        }
        for (int i = 0; i < taskWorkerNum; i++) {
            int peerSlot = WorkerTable.slotOf("task_worker", workerNum + i);
            long current = table.currentTask(peerSlot);
            if (current < 0 || (int) (current >>> 32) != workerId) {
                continue;
            }
            InFlight t = inFlight.get((int) current);
            long peerPid = table.pid(peerSlot);
            if (t != null && !PeerWire.isAlive(peerPid)) {
                fail(t, "task worker " + (workerNum + i) + " (pid " + peerPid + ") exited while it had task " + t.id);
            }
        }
    }

    private void fail(InFlight t, String why) {
        if (inFlight.remove(t.id) == null) {
            return;
        }
        table.addTasking(slot, -1);
        table.addTaskFailed(slot);
        Log.warn(why + "; the task is lost" + (t.wait ? " (taskwait returns null)" : " (no onFinish)"));
        t.done = true;
    }

    // ------------------------------------------------------------------ sending tasks

    /** {@code task()}: any thread. */
    public int task(byte[] data, int dst) {
        checkDestination(dst);
        byte[] copy = taskBytes(data);
        if (!loop.inLoop()) {
            return onLoop(() -> task(copy, dst), QUEUE_FULL_WAIT_MILLIS);
        }
        InFlight t = submit(copy, dst, false, QUEUE_FULL_WAIT_MILLIS);
        return t == null ? -1 : t.id;
    }

    /** {@code taskwait()}: any thread; on the loop it blocks the loop. */
    public byte[] taskwait(byte[] data, long timeoutMillis, int dst) {
        checkDestination(dst);
        byte[] copy = taskBytes(data);
        if (!loop.inLoop()) {
            return onLoop(() -> taskwait(copy, timeoutMillis, dst), timeoutMillis);
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        InFlight t = submit(copy, dst, true, timeoutMillis);
        if (t == null) {
            return null;
        }
        await(List.of(t), deadline);
        return t.result;
    }

    /**
     * The bytes of a task as this class may keep them: a copy, unless it is sent on the loop over
     * a shared queue or a broker, which copy it before the call returns and keep nothing.
     */
    private byte[] taskBytes(byte[] data) {
        return loop.inLoop() && (ipc.queue() != null || ipc.broker() != null) ? data : data.clone();
    }

    /** {@code taskWaitMulti()}: any thread; on the loop it blocks the loop. */
    public List<byte[]> taskWaitMulti(List<byte[]> tasks, long timeoutMillis) {
        List<byte[]> copies = new ArrayList<>();
        tasks.forEach(d -> copies.add(d.clone()));
        if (!loop.inLoop()) {
            return onLoop(() -> taskWaitMulti(copies, timeoutMillis), timeoutMillis);
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        List<InFlight> sent = new ArrayList<>();
        for (byte[] d : copies) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            sent.add(submit(d, -1, true, left));
        }
        List<InFlight> waitFor = new ArrayList<>();
        sent.forEach(t -> {
            if (t != null) {
                waitFor.add(t);
            }
        });
        await(waitFor, deadline);
        List<byte[]> results = new ArrayList<>();
        for (InFlight t : sent) {
            results.add(t == null ? null : t.result);
        }
        return results;
    }

    /** {@code sendMessage()} to a task worker or user process: any thread. */
    public boolean sendMessage(byte[] message, int dst) {
        byte[] copy = message.clone();
        if (!loop.inLoop()) {
            return onLoop(() -> sendMessage(copy, dst), 0);
        }
        Endpoint<Peer> e = links.get(dst);
        if (e == null) {
            Log.debug("sendMessage: process " + dst + " has no link to worker " + workerId + " (yet)");
            return false;
        }
        return e.offer(PeerWire.PIPE, 0, workerId, 0, ByteBuffer.wrap(copy));
    }

    /** Runs {@code action} on the loop and waits for it: its own time plus 10 s for the loop to get to it. */
    private <T> T onLoop(java.util.concurrent.Callable<T> action, long actionMillis) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(action.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(actionMillis + 10_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("worker " + workerId + "'s event loop did not answer (is it stopping?)", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private void checkDestination(int dst) {
        if (dst < -1 || dst >= taskWorkerNum) {
            throw new IllegalArgumentException("no task worker " + dst + ": choose 0 .. " + (taskWorkerNum - 1)
                    + " (task_worker_num " + taskWorkerNum + ") or -1 for any");
        }
    }

    /** Sends one task; null (counted as refused) when the IPC is full or too much is unanswered. */
    private InFlight submit(byte[] data, int dst, boolean wait, long sendTimeoutMillis) {
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            return refused("more than " + MAX_IN_FLIGHT + " tasks unanswered");
        }
        int id = nextTaskId;
        nextTaskId = nextTaskId == Integer.MAX_VALUE ? 0 : nextTaskId + 1;
        InFlight t = new InFlight(id, dst, ipc.queue() == null && ipc.broker() == null ? data : null, wait);
        if (ipc.broker() != null) {
            // Any task worker of any server sharing the broker runs it: dst cannot choose one.
            if (!ipc.broker().send(PeerWire.queued(workerId, pid, id, data))) {
                String trouble = ipc.broker().trouble();
                return refused(trouble != null ? trouble : "too many tasks wait to be sent to the broker");
            }
        } else if (ipc.queue() != null) {
            int index = ipc.contention() ? 0 : dst >= 0 ? dst : nextTaskWorker(i -> true);
            try {
                ByteBuffer header = PeerWire.queuedHeader(workerId, pid, id);
                if (!ipc.queue().send(ipc.queueType(index), header, ByteBuffer.wrap(data), sendTimeoutMillis)) {
                    return refused("the task queue is full");
                }
            } catch (IOException e) {
                Log.warn("task: the task queue failed: " + e.getMessage());
                return refused(null);
            }
        } else {
            Endpoint<Peer> e = pick(dst);
            if (e == null) {
                if (unsent.size() >= MAX_UNSENT) {
                    return refused("no task worker is connected yet and " + MAX_UNSENT + " tasks wait for one");
                }
                unsent.add(t);
            } else if (!send(t, e)) {
                return refused("the link to the task worker is full");
            }
        }
        inFlight.put(id, t);
        table.addTasking(slot, 1);
        return t;
    }

    private InFlight refused(String why) {
        table.addTaskRefused(slot);
        if (why != null) {
            Log.debug("task refused: " + why);
        }
        return null;
    }

    private boolean send(InFlight t, Endpoint<Peer> e) {
        if (!e.offer(PeerWire.TASK, 0, workerId, t.id, ByteBuffer.wrap(t.data))) {
            return false;
        }
        t.via = e;
        t.data = null;
        if (t.wait) {
            e.flush();
        }
        return true;
    }

    /** The link for a task: the chosen task worker's, else an idle one's, else the next in turn. */
    private Endpoint<Peer> pick(int dst) {
        if (dst >= 0) {
            return links.get(workerNum + dst);
        }
        int index = nextTaskWorker(i -> links.get(workerNum + i) != null);
        return index < 0 ? null : links.get(workerNum + index);
    }

    /**
     * The task worker for a task that names none, among those {@code usable}: the one that answered
     * last if it is idle (its loop polls a little before it sleeps, so a task that follows a result
     * closely costs no wake-up), else the next idle one in turn, else the next in turn (Swoole's
     * {@code ProcessPool::schedule}); -1 if none is usable.
     */
    private int nextTaskWorker(IntPredicate usable) {
        if (lastAnswered >= 0 && usable.test(lastAnswered)
                && !table.isBusy(WorkerTable.slotOf("task_worker", workerNum + lastAnswered))) {
            return lastAnswered;
        }
        int next = -1;
        for (int i = 0; i < taskWorkerNum; i++) {
            int index = Math.floorMod(roundRobin + i, taskWorkerNum);
            if (!usable.test(index)) {
                continue;
            }
            if (!table.isBusy(WorkerTable.slotOf("task_worker", workerNum + index))) {
                roundRobin = index + 1;
                return index;
            }
            if (next < 0) {
                next = index;
            }
        }
        roundRobin++;
        return next;
    }

    private void sendUnsent() {
        if (unsent.isEmpty()) {
            return;
        }
        int n = unsent.size();
        for (int i = 0; i < n; i++) {
            InFlight t = unsent.poll();
            Endpoint<Peer> e = pick(t.dst);
            if (e == null || !send(t, e)) {
                unsent.add(t);
            }
        }
    }

    /**
     * Waits for the tasks' results, reading the links directly; other callbacks are deferred. The
     * wait blocks in a poller of its own ({@link ResultWait}), whose handlers read the links that
     * are ready and accept new ones, so a result's arrival ends it at once and an idle link costs
     * nothing.
     */
    private void await(List<InFlight> tasks, long deadline) {
        waiting = true;
        long started = System.nanoTime();
        boolean spin = resultWait.spinsFirst();
        try {
            resultWait.poller(listener.pollable(), ops -> acceptAll(), endpoints);
            long nextLostCheck = System.nanoTime() + LOST_CHECK_MILLIS * 1_000_000;
            while (true) {
                deliverBrokerResults();
                if (allDone(tasks)) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                if (System.nanoTime() - nextLostCheck > 0) {
                    checkLostTasks();
                    nextLostCheck = System.nanoTime() + LOST_CHECK_MILLIS * 1_000_000;
                }
                boolean writing = false;
                for (Endpoint<Peer> e : new ArrayList<>(endpoints)) {
                    e.flush(); // the task just offered; the loop's end of turn is not coming while we wait
                    writing |= e.isWaitingForRoom();
                }
                // Whole milliseconds, rounded up; a half-written task is pushed on every millisecond.
                long millis = Math.min(LOST_CHECK_MILLIS, (left + 999_999) / 1_000_000);
                if (!writing && spin && resultWait.pollBriefly()) {
                    continue;
                }
                spin = false;
                resultWait.poll(writing ? 1 : millis);
            }
        } catch (IOException e) {
            Log.warn("waiting for task results: " + e.getMessage());
        } finally {
            waiting = false;
            resultWait.waited(System.nanoTime() - started);
        }
        for (InFlight t : tasks) {
            if (!t.done) {
                t.wait = false;
                t.abandoned = true; // its late result is dropped
            }
        }
        if (!deferred.isEmpty()) {
            loop.atEndOfTurn(this::runDeferred);
        }
    }

    private static boolean allDone(List<InFlight> tasks) {
        for (InFlight t : tasks) {
            if (!t.done) {
                return false;
            }
        }
        return true;
    }

    private void runDeferred() {
        Runnable r;
        while (!waiting && (r = deferred.poll()) != null) {
            r.run();
        }
    }

    /** The server's task figures for {@code stats()}: any thread. */
    public io.jswoole.ServerStats.TaskCounts counts() {
        return table.taskCounts();
    }

    /** Whether {@code workerId} is a task worker's or user process's id (a peer of the workers). */
    public boolean isPeer(int id) {
        return id >= workerNum;
    }

    /** Releases the task IPC (after {@link #stop}, or when the worker failed to start). */
    @Override
    public void close() throws IOException {
        ipc.close();
    }

    /** Closes the listener and every link; loop thread. */
    public void stop() {
        if (listener == null) {
            return;
        }
        if (brokerThread != null) {
            brokerStop = true;
            try {
                brokerThread.join(2_000); // it waits at most half a second for results
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PeerWire.unpublish(runDir, workerId, pid);
        registration.cancel();
        try {
            listener.close();
        } catch (IOException e) {
            Log.debug("closing the peer listener: " + e);
        }
        listener = null;
        resultWait.close();
        for (Endpoint<Peer> e : new ArrayList<>(endpoints)) {
            e.retire();
        }
    }
}
