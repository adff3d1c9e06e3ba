package io.jswoole.factory.base;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.spi.Availability;
import io.jswoole.spi.FactoryProvider;
import io.jswoole.spi.Providers;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.process.ProcessPoolProvider;
import io.jswoole.spi.reactor.ReactorProvider;

/**
 * The {@code base} mode provider. With {@code worker_num=1} and no task workers the master is the
 * worker, as in Swoole: one process, one event loop. More workers need a ProcessPool provider.
 */
public final class BaseFactoryProvider implements FactoryProvider {

    @Override
    public String name() {
        return "base";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability availability() {
        return Availability.available();
    }

    @Override
    public void run(ServerBootstrap bootstrap) throws Exception {
        Settings s = bootstrap.server().settings();
        if (s.get(Keys.WORKER_NUM) > 1 || s.get(Keys.TASK_WORKER_NUM) > 0) {
            // Child processes come from a ProcessPool provider; this fails with the list of those found.
            Providers.select(ProcessPoolProvider.class, Keys.PROCESS_POOL.key(), s.get(Keys.PROCESS_POOL));
            throw new UnsupportedOperationException("base mode with worker_num > 1 or task workers is not available yet");
        }
        ReactorProvider reactor = Providers.select(ReactorProvider.class, Keys.REACTOR.key(), s.get(Keys.REACTOR));
        new BaseWorker(bootstrap, reactor, 0).run();
    }
}
