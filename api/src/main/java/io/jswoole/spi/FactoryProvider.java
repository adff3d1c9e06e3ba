package io.jswoole.spi;

import io.jswoole.Server;

/**
 * A server mode (Swoole's {@code Factory}): {@code base}, where every worker runs its own event
 * loop, or {@code process}, where master reactor threads own the connections and workers compute.
 * Chosen once, by the {@code mode} setting, when {@link io.jswoole.Server#start()} runs.
 */
public interface FactoryProvider extends Provider {

    /**
     * Runs the server in this process's role until it shuts down, then returns. Must
     * {@linkplain ServerBootstrap#attach(ServerRuntime) attach} a runtime before any callback runs.
     *
     * @throws Exception if the server cannot start (a socket cannot be bound, ...); the message is
     *                   shown to the user as is
     */
    void run(ServerBootstrap bootstrap) throws Exception;

    /**
     * Refuses, in the master before anything starts, a setting or callback this mode cannot
     * honour: a key that would be accepted and then do nothing. The exception names the key and
     * says why in one line.
     *
     * @throws io.jswoole.settings.SettingsException for the first such setting
     */
    default void check(Server server) {
    }
}
