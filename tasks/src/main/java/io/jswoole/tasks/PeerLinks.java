package io.jswoole.tasks;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.pipe.Endpoint;
import io.jswoole.log.Log;
import io.jswoole.spi.pipe.PipeChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A task worker's or user process's links to every worker: it connects to the address each
 * worker publishes, says HELLO with its id, and reconnects when a worker is replaced. A new
 * address is noticed at once where the file system reports changes (inotify on Linux), and
 * otherwise within {@link #CHECK_MILLIS}; with reports, the timer checks only every
 * {@link #WATCHED_CHECK_MILLIS}, in case one was missed. A retiring worker's link stays open beside its successor's until
 * it closes, so a result goes back to the process that sent the task. Loop thread only.
 */
final class PeerLinks {
    static final long CHECK_MILLIS = 50;
    static final long WATCHED_CHECK_MILLIS = 1_000;

    /** What arrives on a link, from worker {@code workerId}. */
    interface Handler {
        void onMessage(Endpoint<Link> link, int workerId, int type, int flags, int session, ByteBuffer payload);
    }

    /** One link: to which worker process. */
    record Link(int workerId, long pid) {
    }

    private final EventLoop loop;
    private final TaskIpc ipc;
    private final Path runDir;
    private final int selfId;
    /** By worker id: the link to its newest process, or null. */
    private final List<Endpoint<Link>> newest;
    private final Map<Long, Endpoint<Link>> byPid = new HashMap<>();
    private final Handler handler;
    private final long selfPid = ProcessHandle.current().pid();
    private long timer = -1;
    private WatchService watcher;

    PeerLinks(EventLoop loop, TaskIpc ipc, Path runDir, int selfId, int workerNum, Handler handler) {
        this.loop = loop;
        this.ipc = ipc;
        this.runDir = runDir;
        this.selfId = selfId;
        this.newest = new ArrayList<>(Collections.nCopies(workerNum, null));
        this.handler = handler;
    }

    /** Connects to every worker that has published its address, and keeps doing so. */
    void start() {
        checkNow();
        watcher = watchAddresses();
        timer = loop.tick(watcher != null ? WATCHED_CHECK_MILLIS : CHECK_MILLIS, id -> checkNow());
    }

    /**
     * Watches the run directory, where workers publish their addresses, on a thread of its own that
     * wakes the loop for each change; null if the file system cannot report changes.
     */
    private WatchService watchAddresses() {
        WatchService ws;
        try {
            ws = runDir.getFileSystem().newWatchService();
            runDir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | UnsupportedOperationException e) {
            Log.debug("cannot watch " + runDir + " for worker addresses (" + e.getMessage() + "); checking every "
                    + CHECK_MILLIS + " ms");
            return null;
        }
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = ws.take();
                    key.pollEvents();
                    key.reset();
                    loop.execute(this::checkNow);
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // stopped
            } catch (RuntimeException e) {
                Log.debug("the address watch ends: " + e); // the loop has gone
            }
        }, "jswoole-peer-watch");
        t.setDaemon(true);
        t.start();
        return ws;
    }

    /** Connects now to every worker that has published an address and has no link yet. */
    void checkNow() {
        for (int w = 0; w < newest.size(); w++) {
            PeerWire.Published p = PeerWire.read(runDir, w);
            if (p == null || byPid.containsKey(p.pid())) {
                continue;
            }
            connect(w, p);
        }
    }

    private void connect(int workerId, PeerWire.Published p) {
        PipeChannel ch;
        try {
            ch = ipc.links().connect(p.address(), loop.transport());
        } catch (IOException e) {
            Log.debug("link to worker " + workerId + " (pid " + p.pid() + "): " + e.getMessage() + "; retrying");
            return;
        }
        Endpoint<Link> link = new Endpoint<>(loop, ch, (from, type, flags, reactorId, session, payload) ->
                handler.onMessage(from, workerId, type, flags, session, payload), this::closed);
        link.owner(new Link(workerId, p.pid()));
        try {
            link.start();
        } catch (IOException e) {
            Log.debug("link to worker " + workerId + ": " + e.getMessage());
            link.close();
            return;
        }
        byPid.put(p.pid(), link);
        newest.set(workerId, link);
        link.offer(PeerWire.HELLO, 0, selfId, 0, PeerWire.pid(selfPid));
    }

    private void closed(Endpoint<Link> e) {
        Link link = e.owner();
        byPid.remove(link.pid(), e);
        if (newest.get(link.workerId()) == e) {
            newest.set(link.workerId(), null);
        }
    }

    /** The link to worker process {@code pid}, or null if it is gone. */
    Endpoint<Link> byPid(long pid) {
        return byPid.get(pid);
    }

    /** The link to the newest process of worker {@code workerId}, or null. */
    Endpoint<Link> newest(int workerId) {
        return workerId >= 0 && workerId < newest.size() ? newest.get(workerId) : null;
    }

    /** Every open link. */
    List<Endpoint<Link>> all() {
        return new ArrayList<>(byPid.values());
    }

    /** Stops reconnecting and closes every link after what is queued on it. */
    void stop() {
        if (timer >= 0) {
            loop.clearTimer(timer);
            timer = -1;
        }
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                Log.debug("closing the address watch: " + e.getMessage());
            }
            watcher = null;
        }
        for (Endpoint<Link> e : all()) {
            e.retire();
        }
    }
}
