package io.jswoole.core.loop;

import io.jswoole.event.TimerHandler;
import io.jswoole.spi.ServerRuntime;

/**
 * The part of a {@link ServerRuntime} every process with an event loop answers the same way:
 * timers run on that loop, and the worker pid is this process's.
 */
public abstract class LoopRuntime implements ServerRuntime {
    /** The loop timers run on. */
    protected final EventLoop loop;
    private final long pid = ProcessHandle.current().pid();

    protected LoopRuntime(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public long tick(long intervalMillis, TimerHandler handler) {
        return loop.tick(intervalMillis, handler);
    }

    @Override
    public long after(long delayMillis, TimerHandler handler) {
        return loop.after(delayMillis, handler);
    }

    @Override
    public boolean clearTimer(long timerId) {
        return loop.clearTimer(timerId);
    }

    @Override
    public long workerPid() {
        return pid;
    }
}
