package io.jswoole.tasks;

import io.jswoole.ServerEvents;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.pipe.Endpoint;
import io.jswoole.core.util.Callbacks;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.pipe.SharedQueue;
import io.jswoole.spi.pipe.TaskBroker;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.supervision.MaxRequest;
import io.jswoole.supervision.Successor;
import io.jswoole.supervision.WorkerTable;
import io.jswoole.supervision.metrics.ProcessMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A task worker: runs onTask for tasks that arrive on its links (mode 1, custom providers) or
 * that its queue thread takes from the shared queue (modes 2 and 3), one at a time on its event
 * loop, and sends each result back to the worker process that sent the task.
 *
 * <p>The queue thread takes the next task only when the previous one is done, so with mode 3 a
 * busy task worker leaves the next task to a free one. Leaving ({@code task_max_request}, a
 * reload): the queue thread stops taking; each worker is told RETIRING and answers RETIRED once
 * it sends no more, and tasks that arrived before that still run, so a reload loses no task.
 * After {@code task_max_request} it asks for its successor first ({@link Successor}) and runs
 * tasks until the manager retires it, so that tasks do not wait for a process start.
 *
 * <p>With a task broker, a thread of its own takes one task at a time from the broker, runs it on
 * the loop, tells the broker the task is still running while it runs (so that no other task
 * worker claims it), and then answers it: the result goes to the sending worker through the
 * broker. A task worker that dies leaves its task unanswered, and another one claims it.
 */
public final class TaskWorker extends PeerProcess {
    /** The source id of a message that only wakes a queue thread (of the task worker whose pid it carries). */
    private static final int WAKE_UP = -1;
    /** Tasks the loop takes from the queue in a row before it serves its other events. */
    private static final int QUEUED_PER_TURN = 16;

    private final long pid = ProcessHandle.current().pid();

    private final int taskMaxRequest;
    /** task_max_request plus its grace: when this task worker leaves. */
    private final long taskLimit;
    private static final long LINK_RETRY_MILLIS = 10;

    /** Results waiting for a worker to read them, by link. */
    private final Map<Endpoint<PeerLinks.Link>, ArrayDeque<Result>> backlog = new HashMap<>();
    /** Results waiting for a link to their worker (by its pid) to be made. */
    private final Map<Long, ArrayDeque<Result>> unlinked = new HashMap<>();
    private long unlinkedTimer = -1;
    private volatile boolean taking = true;
    /** Results wait for a worker to read: take no task until they are written. */
    private volatile boolean backlogged;
    /** The loop took this task worker's own wake-up from the queue: the queue thread leaves. */
    private volatile boolean ownWakeUpTaken;
    /** Notified when {@link #backlogged} or {@link #taking} turn false: the queue thread may go on. */
    private final Object queueMayGoOn = new Object();
    private Thread queueThread;
    /** Whether the last look for more queued tasks found one; read and written in the loop's turns. */
    private boolean lastLookFoundMore = true;
    private Current current;
    private long served;
    private int retiredAcks;
    /** Past task_max_request: runs tasks on until the manager retires it, once its successor is ready. */
    private boolean successorAsked;

    /** A result on its way to a worker. */
    private record Result(int flags, int taskId, ByteBuffer payload) {
    }

    /** The task onTask is running: where its result goes. */
    private static final class Current {
        final int srcWorkerId;
        final long srcPid;
        final int taskId;
        final Endpoint<PeerLinks.Link> via;
        boolean finished;
        /** With a broker: the task as taken, and its answer once onTask (or finish) gave it. */
        TaskBroker.Delivery delivery;
        ByteBuffer answer;

        Current(int srcWorkerId, long srcPid, int taskId, Endpoint<PeerLinks.Link> via) {
            this.srcWorkerId = srcWorkerId;
            this.srcPid = srcPid;
            this.taskId = taskId;
            this.via = via;
        }
    }

    public TaskWorker(ServerBootstrap bootstrap, ReactorProvider reactor) throws IOException {
        super(bootstrap, reactor);
        this.taskMaxRequest = server.settings().get(Keys.TASK_MAX_REQUEST);
        this.taskLimit = MaxRequest.limit(taskMaxRequest);
        if (role.providers().containsKey(TaskIpc.QUEUE)) {
            loop.lendWhileWaiting(); // the queue thread runs tasks in the idle loop's stead
        } else {
            // Tasks that come one after another (taskwait) find the loop awake: the worker sends its
            // next task to the task worker that answered last (WorkerPeers), within microseconds.
            loop.spinBeforeSleep(ResultWait.SPIN_NANOS);
        }
    }

    @Override
    protected void started() throws Exception {
        ServerEvents ev = server.events();
        if (ev.onWorkerStart() != null) {
            ev.onWorkerStart().handle(server, id);
        }
        if (ipc.broker() != null) {
            queueThread = new Thread(this::takeFromBroker, "jswoole-task-broker");
            queueThread.setDaemon(true);
            queueThread.start();
        } else if (ipc.queue() != null) {
            queueThread = new Thread(this::takeFromQueue, "jswoole-task-queue");
            queueThread.setDaemon(true);
            queueThread.start();
        }
    }

    @Override
    protected void onLinkMessage(Endpoint<PeerLinks.Link> link, int workerId, int type, int flags, int session, ByteBuffer payload) {
        if (type == PeerWire.TASK) {
            PeerLinks.Link l = link.owner();
            run(new Current(workerId, l.pid(), session, link), PeerWire.bytes(payload));
        } else if (type == PeerWire.RETIRED) {
            retiredAcks++;
        } else {
            super.onLinkMessage(link, workerId, type, flags, session, payload);
        }
    }

    /**
     * The queue thread: takes one task, runs it as a turn of the loop and waits until no more
     * queued tasks are to run, repeats. A System V queue has no descriptor to poll; when the loop's
     * thread is idle in its poller, the queue thread runs the task itself in the loop's stead
     * ({@link EventLoop#runIfWaiting}), as Swoole's task worker runs a task on the thread that took
     * it; when the loop is busy, it hands the task to the loop. Tasks that wait in the queue
     * meanwhile the same turn takes too ({@link #runQueued}).
     */
    private void takeFromQueue() {
        long type = ipc.queueType(id - workerNum);
        while (true) {
            Queued q;
            try {
                q = Queued.receive(ipc.queue(), type, true);
            } catch (ClosedChannelException e) {
                return; // the queue was removed: the server is stopping
            } catch (IOException e) {
                Log.error("task queue: " + e.getMessage());
                return;
            }
            if (q.wakeUp()) {
                if (q.srcPid() == pid) {
                    return; // our own wake-up: we are leaving
                }
                continue; // another task worker's, which has left already
            }
            if (!taking) {
                requeue(type, q);
                return;
            }
            CountDownLatch done = new CountDownLatch(1);
            // In a turn lent by an idle loop, looking for more tasks costs a system call that finds
            // none when tasks come one at a time (taskwait): look only if the last look found one.
            if (!loop.runIfWaiting(() -> runQueued(q, type, done, lastLookFoundMore))) {
                loop.execute(() -> runQueued(q, type, done, true));
            }
            try {
                done.await();
                if (ownWakeUpTaken) {
                    return;
                }
                synchronized (queueMayGoOn) {
                    while (backlogged && taking) {
                        queueMayGoOn.wait();
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A message of the task queue: a task, or a wake-up sent by a task worker that is leaving. */
    private record Queued(int src, long srcPid, int taskId, byte[] data) {
        /** The next message of {@code type}; null if {@code wait} is false and none waits. */
        static Queued receive(SharedQueue queue, long type, boolean wait) throws IOException {
            ByteBuffer header = ByteBuffer.allocate(PeerWire.QUEUED_HEADER);
            byte[] data = queue.receive(type, wait, header);
            return data == null ? null : new Queued(header.getInt(0), header.getLong(4), header.getInt(12), data);
        }

        ByteBuffer header() {
            return PeerWire.queuedHeader(src, srcPid, taskId);
        }

        boolean wakeUp() {
            return src == WAKE_UP;
        }
    }

    /**
     * On the loop: runs {@code first}, then (if {@code takeMore}) the tasks already waiting in the
     * queue, up to {@value #QUEUED_PER_TURN} in a row before the loop's other events get their
     * turn; then lets the queue thread wait for the next.
     */
    private void runQueued(Queued first, long type, CountDownLatch done, boolean takeMore) {
        Queued q = first;
        boolean handedOn = false;
        try {
            for (int n = 0; q != null; n++) {
                if (!q.wakeUp()) {
                    run(new Current(q.src(), q.srcPid(), q.taskId(), null), q.data());
                } else if (q.srcPid() == pid) {
                    ownWakeUpTaken = true; // we are leaving: the queue thread stops too
                    return;
                }
                if (!takeMore || !taking || backlogged) {
                    return;
                }
                q = Queued.receive(ipc.queue(), type, false);
                lastLookFoundMore = q != null;
                if (q != null && n + 1 >= QUEUED_PER_TURN) {
                    Queued later = q;
                    loop.executeLater(() -> runQueued(later, type, done, true)); // after the loop's other events
                    handedOn = true;
                    return;
                }
            }
        } catch (IOException e) {
            Log.debug("task queue: " + e.getMessage()); // the queue thread sees it too
        } finally {
            if (!handedOn) {
                done.countDown();
            }
        }
    }

    /**
     * The broker thread: takes one task, runs it on the loop, says it is still running every third
     * of the claim timeout until it is done, answers it, repeats; stops taking when the task worker
     * leaves.
     */
    private void takeFromBroker() {
        TaskBroker broker = ipc.broker();
        long touchMillis = Math.max(10, broker.claimTimeoutMillis() / 3);
        while (taking) {
            TaskBroker.Delivery d;
            try {
                d = broker.take(500);
            } catch (IOException | RuntimeException e) {
                Log.warn("taking a task from the broker: " + e.getMessage());
                continue; // the broker retries its connection with back-off
            }
            if (d == null) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(d.task());
            int src = b.getInt();
            long srcPid = b.getLong();
            int taskId = b.getInt();
            byte[] data = new byte[b.remaining()];
            b.get(data);
            Current task = new Current(src, srcPid, taskId, null);
            task.delivery = d;
            CountDownLatch done = new CountDownLatch(1);
            loop.execute(() -> {
                try {
                    run(task, data);
                } finally {
                    done.countDown();
                }
            });
            try {
                while (!done.await(touchMillis, TimeUnit.MILLISECONDS)) {
                    try {
                        broker.stillRunning(d);
                    } catch (IOException e) {
                        Log.debug("telling the broker task " + taskId + " still runs: " + e.getMessage());
                    }
                }
                answer(broker, d, task.answer, taskId);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Answers a task, trying again while the broker cannot be reached; a task worker that leaves
     * first leaves the task unanswered, and another task worker runs it again.
     */
    private void answer(TaskBroker broker, TaskBroker.Delivery d, ByteBuffer answer, int taskId) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                broker.answer(d, answer);
                return;
            } catch (IOException e) {
                if (attempt == 0) {
                    Log.warn("answering task " + taskId + ": " + e.getMessage() + "; trying again");
                }
                if (!taking) {
                    Log.warn("task " + taskId + " could not be answered before leaving (" + e.getMessage()
                            + "); another task worker will run it again");
                    return;
                }
                Thread.sleep(100);
            }
        }
    }

    /** A task taken while leaving goes back to the queue for another task worker. */
    private void requeue(long type, Queued q) {
        try {
            if (!ipc.queue().send(type, q.header(), ByteBuffer.wrap(q.data()), 1_000)) {
                Log.warn("a task taken while stopping could not be put back: the queue is full; it is lost");
            }
        } catch (IOException e) {
            Log.warn("a task taken while stopping could not be put back: " + e.getMessage());
        }
    }

    @Override
    protected long handled() {
        return served;
    }

    private void run(Current task, byte[] data) {
        ServerEvents ev = server.events();
        current = task;
        table.busy(slot(), true);
        table.currentTask(slot(), task.srcWorkerId, task.taskId);
        byte[] result = null;
        long start = System.nanoTime();
        try {
            result = ev.onTask().handle(server, task.taskId, task.srcWorkerId, data);
        } catch (Exception | LinkageError e) {
            Log.error("onTask threw " + e + " (task " + task.taskId + " from worker " + task.srcWorkerId + ")", e);
        } finally {
            if (!task.finished) {
                reply(task, result);
            }
            times.record(ProcessMetrics.TASK, 0, System.nanoTime() - start);
            current = null;
            table.currentTask(slot(), -1, 0);
            table.busy(slot(), false);
            table.requests(slot(), ++served);
        }
        if (served >= taskLimit && !stopping() && !successorAsked) {
            Log.info("ran " + served + " tasks (task_max_request " + taskMaxRequest + "); asking for a successor");
            successorAsked = true;
            Successor.ask(table, slot(), loop, () -> stop(true));
        }
    }

    @Override
    protected boolean finish(byte[] result) {
        Current task = current;
        if (task == null) {
            return super.finish(result);
        }
        if (task.finished) {
            return false;
        }
        return reply(task, result.clone());
    }

    /** Sends a result to the worker process that sent the task; false if that process is gone. */
    private boolean reply(Current task, byte[] result) {
        task.finished = true;
        if (task.delivery != null) {
            // Answered through the broker by the broker thread once onTask has returned.
            task.answer = PeerWire.brokered(task.taskId, result == null ? PeerWire.NO_RESULT : 0,
                    result == null ? new byte[0] : result);
            return true;
        }
        Result r = new Result(result == null ? PeerWire.NO_RESULT : 0, task.taskId,
                ByteBuffer.wrap(result == null ? new byte[0] : result));
        Endpoint<PeerLinks.Link> to = task.via != null ? task.via : links.byPid(task.srcPid);
        if (to == null && task.via == null && PeerWire.isAlive(task.srcPid)) {
            // A queued task from a worker that started a moment ago, before our link to it was
            // made: keep the result until the link is there, and take no task meanwhile.
            unlinked.computeIfAbsent(task.srcPid, pid -> new ArrayDeque<>()).add(r);
            updatePause();
            if (unlinkedTimer < 0) {
                unlinkedTimer = loop.tick(LINK_RETRY_MILLIS, tid -> sendUnlinked());
            }
            return true;
        }
        if (to == null || to.isClosed()) {
            Log.debug("the result of task " + task.taskId + " has nowhere to go: worker " + task.srcWorkerId + " is gone");
            return false;
        }
        send(to, r);
        return true;
    }

    /** Sends the results kept for workers without a link once the link is made (or drops them if the worker died). */
    private void sendUnlinked() {
        links.checkNow();
        unlinked.entrySet().removeIf(e -> {
            Endpoint<PeerLinks.Link> to = links.byPid(e.getKey());
            if (to != null) {
                e.getValue().forEach(r -> send(to, r));
                return true;
            }
            if (!PeerWire.isAlive(e.getKey())) {
                Log.debug(e.getValue().size() + " results for worker pid " + e.getKey() + " have nowhere to go: it exited");
                return true;
            }
            return false;
        });
        if (unlinked.isEmpty()) {
            loop.clearTimer(unlinkedTimer);
            unlinkedTimer = -1;
        }
        updatePause();
    }

    /** Offers a result to a link, or keeps it (in order) while the worker does not read its results. */
    private void send(Endpoint<PeerLinks.Link> to, Result r) {
        ArrayDeque<Result> waiting = backlog.get(to);
        if (waiting == null && offer(to, r)) {
            return;
        }
        // Take no more tasks until these results are written (the tasks already read are few:
        // one read's worth).
        if (waiting == null) {
            waiting = new ArrayDeque<>();
            backlog.put(to, waiting);
            ArrayDeque<Result> q = waiting;
            to.onDrained(() -> drainBacklog(to, q));
            updatePause();
        }
        waiting.add(r);
    }

    private boolean offer(Endpoint<PeerLinks.Link> to, Result r) {
        return to.offer(PeerWire.RESULT, r.flags(), id, r.taskId(), r.payload());
    }

    private void drainBacklog(Endpoint<PeerLinks.Link> to, ArrayDeque<Result> q) {
        Result next;
        while ((next = q.peek()) != null) {
            if (!offer(to, next)) {
                return;
            }
            q.poll();
        }
        backlog.remove(to);
        to.onDrained(() -> { });
        updatePause();
    }

    private void letQueueThreadGoOn() {
        synchronized (queueMayGoOn) {
            queueMayGoOn.notifyAll();
        }
    }

    /** Takes no task from the links or the queue while results wait to be written. */
    private void updatePause() {
        boolean pause = !backlog.isEmpty() || !unlinked.isEmpty();
        if (pause != backlogged) {
            backlogged = pause;
            for (Endpoint<PeerLinks.Link> link : links.all()) {
                link.pauseReading(pause);
            }
            letQueueThreadGoOn();
        }
    }

    @Override
    protected void drain(long deadline, Runnable then) {
        taking = false;
        letQueueThreadGoOn();
        if (queueThread != null && ipc.broker() != null) {
            awaitBrokerThread(deadline, then);
            return;
        }
        if (queueThread != null) {
            awaitQueueThread(deadline, then);
            return;
        }
        int asked = 0;
        for (Endpoint<PeerLinks.Link> link : links.all()) {
            if (link.offer(PeerWire.RETIRING, 0, id, 0, ByteBuffer.allocate(0))) {
                asked++;
            }
        }
        awaitAcks(asked, deadline, then);
    }

    /** Runs tasks that still arrive until every worker has answered RETIRED, or the deadline. */
    private void awaitAcks(int asked, long deadline, Runnable then) {
        if (retiredAcks < asked && System.nanoTime() - deadline < 0) {
            loop.after(5, tid -> awaitAcks(asked, deadline, then));
            return;
        }
        then.run();
    }

    /** The broker thread waits at most half a second for a task: it sees {@link #taking} soon after. */
    private void awaitBrokerThread(long deadline, Runnable then) {
        if (queueThread.isAlive() && System.nanoTime() - deadline < 0) {
            loop.after(10, tid -> awaitBrokerThread(deadline, then));
            return;
        }
        then.run();
    }

    /**
     * The queue thread may be blocked in the kernel, where nothing interrupts it, and a task it
     * took as the process exits would be lost: wake it with messages of its own type carrying this
     * pid until it has left (another task worker that takes one drops it).
     */
    private void awaitQueueThread(long deadline, Runnable then) {
        if (queueThread.isAlive() && System.nanoTime() - deadline < 0) {
            try {
                ipc.queue().send(ipc.queueType(id - workerNum), PeerWire.queuedHeader(WAKE_UP, pid, 0), 0);
            } catch (IOException e) {
                Log.debug("waking the queue thread: " + e.getMessage());
            }
            loop.after(10, tid -> awaitQueueThread(deadline, then));
            return;
        }
        then.run();
    }

    @Override
    protected void stopped() {
        taking = false;
        letQueueThreadGoOn();
        ServerEvents ev = server.events();
        if (ev.onWorkerStop() != null) {
            Callbacks.run("onWorkerStop", () -> ev.onWorkerStop().handle(server, id));
        }
        table.state(slot(), WorkerTable.STATE_EXITED);
    }
}
