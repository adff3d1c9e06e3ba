package io.jswoole.supervision;

import io.jswoole.core.util.Signals;
import io.jswoole.linux.Posix;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of the server's processes, in a file every process maps (Swoole keeps its worker
 * table in shared memory): one 64-byte slot per process, each written only by its own process,
 * read by anyone (the manager, {@code jswoole status}).
 *
 * <pre>
 * slot 0 master, slot 1 manager, slot 2 + id for worker/task worker/user process id
 * slot: pid (8) | role (4) | id (4) | start millis (8) | requests (8) | state (4) | busy (4)
 *       | current task: source worker (4), task id (4) | tasks in flight (4) | tasks refused (4) | tasks failed (4)
 *       | messages in flight (4)
 * </pre>
 *
 * <p>The manager's slot counts finished reloads where a task worker's says it is busy, and the
 * master's counts requests to stop the server.
 *
 * <p>Messages in flight are the one field several processes write: the master's reactor threads
 * add a message they hand to a worker, the worker subtracts it once handled ({@code dispatch_mode}
 * 3), with atomic operations on the mapped memory.
 */
public final class WorkerTable implements AutoCloseable {
    public static final String FILE = "processes";
    private static final int SLOT = 64;
    private static final int BUSY = 36;
    private static final int IN_FLIGHT = 60;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** What a slot says about its process. */
    public record Entry(long pid, String role, int id, long startMillis, long requests, int state) {
    }

    /** Slot states. */
    public static final int STATE_EMPTY = 0;
    public static final int STATE_RUNNING = 1;
    public static final int STATE_STOPPING = 2;
    public static final int STATE_EXITED = 3;
    /**
     * Past {@code max_request} (or {@code task_max_request}): still serving, asking the manager to
     * start its successor; the manager retires it (SIGUSR1) once the successor is ready.
     */
    public static final int STATE_RETIRING = 4;

    private static final String[] ROLES = {"master", "manager", "worker", "task_worker", "user"};

    private final FileChannel channel;
    private final MappedByteBuffer map;
    private final int slots;
    /** Where the table lives, and the {@link TableBell}s of those waiting for it. */
    private final Path runDir;

    private WorkerTable(FileChannel channel, MappedByteBuffer map, int slots, Path runDir) {
        this.channel = channel;
        this.map = map;
        this.slots = slots;
        this.runDir = runDir;
    }

    /** Creates the table for {@code processes} worker ids (plus master and manager). */
    public static WorkerTable create(Path runDir, int processes) throws IOException {
        int slots = processes + 2;
        FileChannel ch = FileChannel.open(runDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        return new WorkerTable(ch, ch.map(FileChannel.MapMode.READ_WRITE, 0, (long) slots * SLOT), slots, runDir);
    }

    /** Opens an existing table (read and write). */
    public static WorkerTable open(Path runDir) throws IOException {
        FileChannel ch = FileChannel.open(runDir.resolve(FILE), StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = ch.size();
        return new WorkerTable(ch, ch.map(FileChannel.MapMode.READ_WRITE, 0, size), (int) (size / SLOT), runDir);
    }

    /** The slot of worker id {@code id}; -1 for the master, -2 for the manager. */
    public static int slotOf(String role, int id) {
        return switch (role) {
            case "master" -> 0;
            case "manager" -> 1;
            default -> 2 + id;
        };
    }

    /**
     * Records that this process started in {@code slot}. The messages in flight to the slot's
     * previous process are dropped if it is gone (they died with it); a predecessor that still
     * runs (a reload starts the successor first) handles, and subtracts, its own.
     */
    public void started(int slot, String role, int id) {
        int at = at(slot);
        long previous = map.getLong(at);
        if (previous == 0 || !Posix.isAlive(previous)) {
            INT.setVolatile(map, at + IN_FLIGHT, 0);
            if (role.equals("worker")) {
                map.putInt(at + BUSY, 0); // a worker that died in a callback is not busy any more
            }
        }
        map.putLong(at, ProcessHandle.current().pid());
        map.putInt(at + 8, roleCode(role));
        map.putInt(at + 12, id);
        map.putLong(at + 16, System.currentTimeMillis());
        map.putLong(at + 24, 0);
        map.putInt(at + 32, STATE_RUNNING);
        map.putInt(at + 40, -1);
        map.putInt(at + 48, 0);
        TableBell.ring(runDir);
    }

    /** Publishes this process's request count, unless its slot now belongs to a successor. */
    public void requests(int slot, long requests) {
        if (owns(slot)) {
            map.putLong(at(slot) + 24, requests);
        }
    }

    /** Publishes this process's state, unless its slot now belongs to a successor (after a reload). */
    public void state(int slot, int state) {
        if (owns(slot)) {
            map.putInt(at(slot) + 32, state);
        }
    }

    /**
     * Marks this process {@link #STATE_RETIRING} (it asks the manager for its successor) and rings
     * the {@link TableBell}, so that the manager starts the successor at once.
     */
    public void retiring(int slot) {
        state(slot, STATE_RETIRING);
        TableBell.ring(runDir);
    }

    /** The state of the process in {@code slot} (see the {@code STATE_} constants). */
    public int state(int slot) {
        return map.getInt(at(slot) + 32);
    }

    /**
     * The manager counts a finished reload (of workers or task workers) in its own slot, in the
     * busy field (a manager never runs a task), so that the master can tell when a reload is done.
     */
    public void reloadDone() {
        int at = at(slotOf("manager", 0)) + BUSY;
        INT.setVolatile(map, at, (int) INT.getVolatile(map, at) + 1);
        TableBell.ring(runDir);
    }

    /**
     * Asks the manager to stop the server, for a process that may not signal the master (it gave
     * up root, see {@link Privileges}); counted in the master's slot, in the busy field (a master
     * never runs a task). Any process.
     */
    public void requestStop() {
        INT.getAndAdd(map, at(slotOf("master", 0)) + BUSY, 1);
        TableBell.ring(runDir);
    }

    /** How many times a process asked to stop the server ({@link #requestStop()}). */
    public int stopRequests() {
        return (int) INT.getVolatile(map, at(slotOf("master", 0)) + BUSY);
    }

    /**
     * Stops the whole server from a child process: by SIGTERM to the master, or, in a process that
     * gave up root for the {@code user} setting or changed its root directory (the JDK signals
     * another process only once it has found it in {@code /proc}), through the manager
     * ({@link #requestStop()}).
     */
    public void stopServer(long masterPid) {
        if (Privileges.dropped() || Privileges.chrooted()) {
            requestStop();
        } else {
            Signals.send(masterPid, "TERM");
        }
    }

    /** The reloads the manager has finished. */
    public int reloadsDone() {
        return (int) INT.getVolatile(map, at(slotOf("manager", 0)) + BUSY);
    }

    /**
     * Marks this process busy (in a callback) or idle: a task worker, for the choice of an idle one;
     * an event worker, for {@link #idleWorkers()}.
     */
    public void busy(int slot, boolean busy) {
        map.putInt(at(slot) + 36, busy ? 1 : 0);
    }

    /**
     * Event workers running (or retiring) and not in a callback now ({@code idle_worker_num}): each
     * marks itself {@link #busy(int, boolean) busy} around the events it handles.
     */
    public int idleWorkers() {
        int worker = roleCode("worker");
        int idle = 0;
        for (int i = 0; i < slots; i++) {
            int at = i * SLOT;
            int state = map.getInt(at + 32);
            if (map.getInt(at + 8) == worker && (state == STATE_RUNNING || state == STATE_RETIRING)
                    && map.getInt(at + BUSY) == 0) {
                idle++;
            }
        }
        return idle;
    }

    /** Whether the process in {@code slot} is in a callback now. */
    public boolean isBusy(int slot) {
        return map.getInt(at(slot) + 36) != 0;
    }

    /** Takes the process in {@code slot} if it has no message in flight (0 → 1, atomically): true if taken. */
    public boolean claimIdle(int slot) {
        return INT.compareAndSet(map, at(slot) + IN_FLIGHT, 0, 1);
    }

    /** Adds {@code delta} to the messages in flight to the process in {@code slot}. */
    public void addInFlight(int slot, int delta) {
        INT.getAndAdd(map, at(slot) + IN_FLIGHT, delta);
    }

    /** The messages handed to the process in {@code slot} and not yet handled. */
    public int inFlight(int slot) {
        return (int) INT.getVolatile(map, at(slot) + IN_FLIGHT);
    }

    /** A task worker records the task it runs ({@code srcWorkerId} -1: none), so a sender can tell it was lost. */
    public void currentTask(int slot, int srcWorkerId, int taskId) {
        int at = at(slot);
        map.putInt(at + 44, taskId);
        map.putInt(at + 40, srcWorkerId);
    }

    /** The task the process in {@code slot} runs: source worker id in the high half, task id in the low; -1 if none. */
    public long currentTask(int slot) {
        int at = at(slot);
        int src = map.getInt(at + 40);
        return src < 0 ? -1 : ((long) src << 32) | (map.getInt(at + 44) & 0xFFFFFFFFL);
    }

    /** The pid in {@code slot} (0 if never used). */
    public long pid(int slot) {
        return map.getLong(at(slot));
    }

    /** Adds to this worker's count of tasks sent and not yet answered. */
    public void addTasking(int slot, int delta) {
        int at = at(slot) + 48;
        map.putInt(at, map.getInt(at) + delta);
    }

    /** Counts a task refused because the task IPC was full. */
    public void addTaskRefused(int slot) {
        int at = at(slot) + 52;
        map.putInt(at, map.getInt(at) + 1);
    }

    /** Counts a task lost with its task worker. */
    public void addTaskFailed(int slot) {
        int at = at(slot) + 56;
        map.putInt(at, map.getInt(at) + 1);
    }

    /** The task figures of {@code stats()}, summed over every process in the table. */
    public io.jswoole.ServerStats.TaskCounts taskCounts() {
        int tasking = 0;
        int running = 0;
        long refused = 0;
        long failed = 0;
        for (int i = 0; i < slots; i++) {
            int at = i * SLOT;
            if (map.getInt(at + 32) == STATE_EMPTY) {
                continue;
            }
            tasking += Math.max(0, map.getInt(at + 48));
            refused += map.getInt(at + 52);
            failed += map.getInt(at + 56);
            if (map.getInt(at + 8) == 3 && map.getInt(at + 32) != STATE_EXITED && map.getInt(at + 36) != 0) {
                running++;
            }
        }
        return new io.jswoole.ServerStats.TaskCounts(tasking, running, refused, failed);
    }

    private boolean owns(int slot) {
        return map.getLong(at(slot)) == ProcessHandle.current().pid();
    }

    /** Every slot in use. */
    public List<Entry> entries() {
        List<Entry> list = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            int at = i * SLOT;
            int state = map.getInt(at + 32);
            if (state != STATE_EMPTY) {
                int role = map.getInt(at + 8);
                list.add(new Entry(map.getLong(at), role >= 0 && role < ROLES.length ? ROLES[role] : "?",
                        map.getInt(at + 12), map.getLong(at + 16), map.getLong(at + 24), state));
            }
        }
        return list;
    }

    private int at(int slot) {
        if (slot < 0 || slot >= slots) {
            throw new IllegalArgumentException("slot " + slot + " outside the table of " + slots);
        }
        return slot * SLOT;
    }

    private static int roleCode(String role) {
        for (int i = 0; i < ROLES.length; i++) {
            if (ROLES[i].equals(role)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown role " + role);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
