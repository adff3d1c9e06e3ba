package io.jswoole;

import io.jswoole.event.DispatchFunction;
import io.jswoole.event.FinishHandler;
import io.jswoole.event.PipeMessageHandler;
import io.jswoole.event.ServerHandler;
import io.jswoole.event.TaskHandler;
import io.jswoole.event.WorkerErrorHandler;
import io.jswoole.event.WorkerHandler;

/**
 * The process-level callbacks of a {@link Server}, as set with its {@code on...} methods; read by
 * the mode that runs the server. Connection callbacks live in {@link PortEvents}.
 */
public final class ServerEvents {
    volatile ServerHandler onStart;
    volatile ServerHandler onShutdown;
    volatile ServerHandler onManagerStart;
    volatile ServerHandler onManagerStop;
    volatile ServerHandler onBeforeReload;
    volatile ServerHandler onAfterReload;
    volatile WorkerHandler onWorkerStart;
    volatile WorkerHandler onWorkerStop;
    volatile WorkerHandler onWorkerExit;
    volatile WorkerErrorHandler onWorkerError;
    volatile TaskHandler onTask;
    volatile FinishHandler onFinish;
    volatile PipeMessageHandler onPipeMessage;
    volatile DispatchFunction dispatchFunction;

    ServerEvents() {
    }

    public ServerHandler onStart() {
        return onStart;
    }

    public ServerHandler onShutdown() {
        return onShutdown;
    }

    public ServerHandler onManagerStart() {
        return onManagerStart;
    }

    public ServerHandler onManagerStop() {
        return onManagerStop;
    }

    public ServerHandler onBeforeReload() {
        return onBeforeReload;
    }

    public ServerHandler onAfterReload() {
        return onAfterReload;
    }

    public WorkerHandler onWorkerStart() {
        return onWorkerStart;
    }

    public WorkerHandler onWorkerStop() {
        return onWorkerStop;
    }

    public WorkerHandler onWorkerExit() {
        return onWorkerExit;
    }

    public WorkerErrorHandler onWorkerError() {
        return onWorkerError;
    }

    public TaskHandler onTask() {
        return onTask;
    }

    public FinishHandler onFinish() {
        return onFinish;
    }

    public PipeMessageHandler onPipeMessage() {
        return onPipeMessage;
    }

    /** The custom dispatch function, or {@code null} to use {@code dispatch_mode}. */
    public DispatchFunction dispatchFunction() {
        return dispatchFunction;
    }
}
