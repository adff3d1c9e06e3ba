package io.jswoole.event;

import io.jswoole.Server;

/**
 * The body of a user process ({@link Server#addProcess}): runs once on the process's event loop
 * when it starts. Set up timers, start threads of your own, or {@link Server#sendMessage} to
 * workers; messages from workers arrive in onPipeMessage on the same loop. Do not block the loop:
 * a process that must block (a consumer of another service, say) starts a thread for it.
 */
@FunctionalInterface
public interface ProcessHandler {
    void run(Server server, int workerId) throws Exception;
}
