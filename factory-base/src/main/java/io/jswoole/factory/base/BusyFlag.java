package io.jswoole.factory.base;

import io.jswoole.supervision.WorkerTable;

/**
 * Whether this worker is in a callback now, for {@code idle_worker_num}: in the worker table, where
 * every worker reads it, or, in a single-process server (whose slot is the master's, and whose busy
 * field counts stop requests), in this process alone.
 */
final class BusyFlag {
    private final WorkerTable table;
    private final int slot;
    /** Callbacks running now: one may start another (onReceive closing its connection runs onClose). */
    private int depth;

    private BusyFlag(WorkerTable table, int slot) {
        this.table = table;
        this.slot = slot;
    }

    /** The flag of the worker in {@code slot} of {@code table}. */
    static BusyFlag shared(WorkerTable table, int slot) {
        return new BusyFlag(table, slot);
    }

    /** The flag of a single-process server's one worker. */
    static BusyFlag alone() {
        return new BusyFlag(null, -1);
    }

    /** A callback starts. The loop's thread only. */
    void enter() {
        if (depth++ == 0 && table != null) {
            table.busy(slot, true);
        }
    }

    /** A callback ended. The loop's thread only. */
    void exit() {
        if (--depth == 0 && table != null) {
            table.busy(slot, false);
        }
    }

    /** The server's event workers not in a callback now (alone, read from another thread: a little late perhaps). */
    int idleWorkers() {
        return table != null ? table.idleWorkers() : depth > 0 ? 0 : 1;
    }
}
