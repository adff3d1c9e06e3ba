package io.jswoole.event;

/** A timer callback ({@code tick}/{@code after}); runs on the event loop of the process that set it. */
@FunctionalInterface
public interface TimerHandler {
    void handle(long timerId) throws Exception;
}
