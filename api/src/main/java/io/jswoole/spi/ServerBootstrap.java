package io.jswoole.spi;

import io.jswoole.Hook;
import io.jswoole.Server;
import io.jswoole.spi.process.ProcessRole;
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
    private final ProcessRole role;

    /** Created by {@link io.jswoole.Server#start()}; a provider never needs to create one. */
    public ServerBootstrap(Server server, Consumer<ServerRuntime> attacher, Consumer<Hook> hookRunner,
                           ProcessRole role) {
        this.server = Objects.requireNonNull(server);
        this.attacher = Objects.requireNonNull(attacher);
        this.hookRunner = Objects.requireNonNull(hookRunner);
        this.role = Objects.requireNonNull(role);
    }

    /** The part this process plays: master, manager, worker, task worker or user process. */
    public ProcessRole role() {
        return role;
    }

    /**
     * The provider name to use for {@code setting}: the master's choice in a child process, else
     * the setting's value.
     */
    public String providerName(io.jswoole.settings.Setting<String> setting) {
        String chosen = role.providers().get(setting.key());
        return chosen != null ? chosen : server.settings().get(setting);
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
