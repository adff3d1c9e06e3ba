package io.jswoole.supervision;

import io.jswoole.core.loop.EventLoop;

/**
 * How a worker or task worker past {@code max_request} leaves without a gap (Swoole's message box
 * to its manager): it marks its slot in the process table {@link WorkerTable#STATE_RETIRING} and
 * keeps serving; the manager, which watches the table, starts its successor first and retires the
 * old process (SIGUSR1) once the successor is ready. The old process then finishes what it holds,
 * within {@code max_wait_time}. Should no retirement come (the manager is stopping), the process
 * leaves by itself after {@link #WAIT_MILLIS}.
 */
public final class Successor {
    /** Longer than the manager waits for a successor to become ready. */
    public static final long WAIT_MILLIS = Manager.READY_TIMEOUT_MILLIS + 10_000;

    private Successor() {
    }

    /** Asks for a successor, on the process's loop; {@code leave} (idempotent) runs if none comes in time. */
    public static void ask(WorkerTable table, int slot, EventLoop loop, Runnable leave) {
        table.retiring(slot);
        loop.after(WAIT_MILLIS, id -> leave.run());
    }
}
