package io.jswoole.factory.process;

import io.jswoole.Server;
import io.jswoole.core.net.Connection;
import io.jswoole.core.net.SocketActivation;
import io.jswoole.core.util.Affinity;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.Availability;
import io.jswoole.spi.Factory;
import io.jswoole.spi.FactoryProvider;
import io.jswoole.spi.Providers;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.process.ProcessPoolProvider;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.supervision.Privileges;
import io.jswoole.tasks.role.RoleRunner;

/**
 * The {@code process} mode provider: a master with a main reactor and {@code reactor_num} reactor
 * threads that own every connection, a manager, and {@code worker_num} worker processes joined to
 * the reactor threads by pipes: {@code unixsock}, or with {@code buffer_input} the shared-memory
 * {@code chronicle} queues ({@code worker_pipe} names any Pipe provider). Priority 5: {@code mode=auto} keeps choosing base
 * mode, which is faster; choose process mode for its isolation (a worker crash or reload closes no
 * connection).
 */
public final class ProcessFactoryProvider implements FactoryProvider {
    /** The Pipe provider between reactor threads and workers by default (polled in the same loop as sockets). */
    static final String PIPE = "unixsock";
    /** The Pipe provider of {@code buffer_input=true}: shared-memory queues. */
    static final String BUFFER_INPUT_PIPE = "chronicle";

    @Override
    public String name() {
        return "process";
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public Availability availability() {
        return Availability.available();
    }

    /** The master with its reactor threads ({@link ProcessMaster}), or a worker ({@link ProcessWorker}). */
    @Override
    public Factory<Connection> create(ServerBootstrap bootstrap) {
        if (bootstrap.role().isMaster()) {
            Settings s = bootstrap.server().settings();
            ReactorProvider reactor = Providers.select(ReactorProvider.class, Keys.REACTOR.key(), s.get(Keys.REACTOR));
            ProcessPoolProvider pool = Providers.select(ProcessPoolProvider.class, Keys.PROCESS_POOL.key(),
                    s.get(Keys.PROCESS_POOL));
            return new ProcessMaster(bootstrap, reactor, pool, Providers.select(PipeProvider.class, Keys.WORKER_PIPE.key(),
                    pipeName(s)), SocketActivation.takenForMaster());
        }
        return new ProcessWorker(bootstrap, RoleRunner.chosenReactor(bootstrap), Providers.select(PipeProvider.class,
                Keys.WORKER_PIPE.key(), bootstrap.providerName(Keys.WORKER_PIPE)));
    }

    /**
     * Refuses a {@code worker_pipe} that contradicts {@code buffer_input}, and a pipe that is not
     * there or not usable in this JVM (the reason says why: Chronicle needs JVM options).
     */
    @Override
    public void check(Server server) {
        Settings s = server.settings();
        String named = s.get(Keys.WORKER_PIPE).trim().toLowerCase(java.util.Locale.ROOT);
        if (s.get(Keys.BUFFER_INPUT) && !named.equals(Providers.AUTO) && !named.equals(BUFFER_INPUT_PIPE)) {
            throw new SettingsException(Keys.WORKER_PIPE.key(), "worker_pipe=" + named + " contradicts buffer_input=true,"
                    + " which puts the links on " + BUFFER_INPUT_PIPE + "; set one of them only");
        }
        PipeProvider pipe;
        try {
            pipe = Providers.select(PipeProvider.class, Keys.WORKER_PIPE.key(), pipeName(s));
        } catch (io.jswoole.spi.ProviderException e) {
            String key = s.get(Keys.BUFFER_INPUT) && named.equals(Providers.AUTO) ? Keys.BUFFER_INPUT.key() : Keys.WORKER_PIPE.key();
            throw new SettingsException(key, key + " needs " + (key.equals(Keys.BUFFER_INPUT.key())
                    ? "the " + BUFFER_INPUT_PIPE + " pipe (module io.jswoole.ipc.chronicle): " : "") + e.getMessage());
        }
        Privileges.check(s, false, pipe.name().equals(BUFFER_INPUT_PIPE));
        Affinity.cpus(s); // refuses a cpu_affinity_ignore that is not a list of this machine's CPUs
        if (s.get(Keys.BUFFER_OUTPUT_SIZE) > pipe.maxMessageSize()) {
            throw new SettingsException(Keys.BUFFER_OUTPUT_SIZE.key(), "sends of up to " + s.get(Keys.BUFFER_OUTPUT_SIZE)
                    + " bytes do not fit the " + pipe.name() + " pipe from the workers, which carries "
                    + pipe.maxMessageSize() + " bytes at most; lower buffer_output_size");
        }
        for (io.jswoole.Port port : server.ports()) {
            long packet = largestPacket(port);
            if (packet > pipe.maxMessageSize()) {
                throw new SettingsException(Keys.PACKAGE_MAX_LENGTH.key(), "port " + port + ": packets of up to "
                        + packet + " bytes do not fit the " + pipe.name() + " pipe to the workers, which carries "
                        + pipe.maxMessageSize() + " bytes at most; lower package_max_length");
            }
        }
    }

    /** The largest packet a port can hand a worker: a framed one's package_max_length, else one read or datagram. */
    private static long largestPacket(io.jswoole.Port port) {
        Settings p = port.settings();
        boolean framed = p.get(Keys.OPEN_LENGTH_CHECK) || p.get(Keys.OPEN_EOF_CHECK) || p.get(Keys.OPEN_EOF_SPLIT);
        return framed ? p.get(Keys.PACKAGE_MAX_LENGTH) : Msg.MAX_UNFRAMED_PACKET;
    }

    /** The Pipe provider's name for the links between reactor threads and workers. */
    static String pipeName(Settings s) {
        String named = s.get(Keys.WORKER_PIPE).trim();
        if (!named.equalsIgnoreCase(Providers.AUTO)) {
            return named;
        }
        return s.get(Keys.BUFFER_INPUT) ? BUFFER_INPUT_PIPE : PIPE;
    }
}
