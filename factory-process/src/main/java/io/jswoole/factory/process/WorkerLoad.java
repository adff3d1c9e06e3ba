package io.jswoole.factory.process;

import io.jswoole.Server;
import io.jswoole.settings.Keys;
import io.jswoole.supervision.WorkerTable;

/**
 * The messages each worker has been handed and not yet handled, for {@code dispatch_mode} 3 (idle
 * worker): a worker is busy from the moment a reactor thread hands it a message until it has
 * handled it, whatever it does meanwhile. The counts live in the shared worker table; reactor
 * threads add, the worker subtracts after each message. A reactor thread takes an idle worker by
 * moving its count from 0 to 1 atomically, so two reactor threads never take the same idle worker.
 *
 * <p>A message counts while it is in a worker's pipe: one that waits in a link's backlog (the
 * worker is being replaced) counts from the moment it leaves for the worker, so that a successor
 * may drop the counts its crashed predecessor took with it ({@link WorkerTable#started}).
 */
final class WorkerLoad {
    /** Other dispatch modes: nothing is counted. */
    static final WorkerLoad NONE = new WorkerLoad(null);

    private final WorkerTable table;

    private WorkerLoad(WorkerTable table) {
        this.table = table;
    }

    /** Whether {@code server} dispatches to idle workers (mode 3 without a dispatch function). */
    static boolean counted(Server server) {
        return server.settings().get(Keys.DISPATCH_MODE) == 3 && server.events().dispatchFunction() == null;
    }

    /** The load of {@code server}'s workers in {@code table}, or {@link #NONE} if it is not counted. */
    static WorkerLoad of(Server server, WorkerTable table) {
        return counted(server) ? new WorkerLoad(table) : NONE;
    }

    /** Takes {@code worker} for one message if it has none in flight; false if busy (or not counted). */
    boolean claimIfIdle(int worker) {
        return table != null && table.claimIdle(slot(worker));
    }

    /** Adds {@code delta} messages to {@code worker}'s count. */
    void add(int worker, int delta) {
        if (table != null) {
            table.addInFlight(slot(worker), delta);
        }
    }

    private static int slot(int worker) {
        return WorkerTable.slotOf("worker", worker);
    }
}
