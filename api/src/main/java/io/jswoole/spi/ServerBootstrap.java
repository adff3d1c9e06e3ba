package io.jswoole.spi;

import io.jswoole.Hook;
import io.jswoole.Server;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What {@link io.jswoole.Server#start()} hands the chosen {@link FactoryProvider}: the server's
 * definition (ports, settings, callbacks), the hooks to run, and the slot for the runtime that
 * answers the server's methods in this process.
 */
public final class ServerBootstrap {
    private final Server server;
    private final Consumer<ServerRuntime> attacher;
    private final Consumer<Hook> hookRunner;

    /** Created by {@link io.jswoole.Server#start()}; a provider never needs to create one. */
    public ServerBootstrap(Server server, Consumer<ServerRuntime> attacher, Consumer<Hook> hookRunner) {
        this.server = Objects.requireNonNull(server);
        this.attacher = Objects.requireNonNull(attacher);
        this.hookRunner = Objects.requireNonNull(hookRunner);
    }

    /** The server being started: its ports, settings and callbacks. */
    public Server server() {
        return server;
    }

    /** Makes {@code runtime} answer the server's methods (send, close, stats, ...) in this process. */
    public void attach(ServerRuntime runtime) {
        attacher.accept(runtime);
    }

    /** Runs the hooks registered for {@code hook}, globally and on this server. */
    public void runHooks(Hook hook) {
        hookRunner.accept(hook);
    }
}
