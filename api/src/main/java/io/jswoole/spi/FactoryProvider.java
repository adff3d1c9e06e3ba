package io.jswoole.spi;

import io.jswoole.Server;

/**
 * A server mode: {@code base}, where every worker runs its own event loop, or {@code process},
 * where master reactor threads own the connections and workers compute. Chosen once, by the
 * {@code mode} setting, when {@link io.jswoole.Server#start()} runs. A mode is only its
 * {@link Factory} (Swoole's: start, shutdown, dispatch, notify, finish, end) for the master and
 * the workers; the other roles are the same in every mode.
 */
public interface FactoryProvider extends Provider {

    /**
     * This mode's factory for the process about to serve: the master (after it has detached, when
     * asked to) or a worker, as {@link ServerBootstrap#role()} says. Creating it starts nothing;
     * {@link Factory#start()} does.
     *
     * @throws Exception if the factory cannot be made (its event loop cannot be opened, ...)
     */
    Factory<?> create(ServerBootstrap bootstrap) throws Exception;

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
