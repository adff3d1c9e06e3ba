package io.jswoole.factory.base;

import io.jswoole.Hook;
import io.jswoole.Server;
import io.jswoole.ServerEvents;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.net.BoundPorts;
import io.jswoole.core.net.Connection;
import io.jswoole.core.net.ConnectionTable;
import io.jswoole.core.net.DatagramPort;
import io.jswoole.core.net.PortConfig;
import io.jswoole.core.net.ServerCounters;
import io.jswoole.core.net.StreamListener;
import io.jswoole.core.util.Callbacks;
import io.jswoole.core.util.Signals;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.spi.ServerBootstrap;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.ReactorProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One base-mode worker: binds (or, later, inherits) the listening sockets, runs the event loop on
 * the calling thread, and shuts down in Swoole's order.
 *
 * <pre>
 * start:    bind ports → MASTER_START hooks → onStart → onWorkerStart → accept
 * shutdown: stop accepting → close connections (onClose, reactorId -1), waiting up to
 *           max_wait_time for queued output → onWorkerStop → onShutdown
 * </pre>
 */
final class BaseWorker {
    private final ServerBootstrap bootstrap;
    private final Server server;
    private final ReactorProvider reactor;
    private final int workerId;
    private final List<StreamListener> listeners = new ArrayList<>();
    private final List<DatagramPort> datagramPorts = new ArrayList<>();
    private EventLoop loop;
    private ConnectionTable table;
    private boolean stopping;

    BaseWorker(ServerBootstrap bootstrap, ReactorProvider reactor, int workerId) {
        this.bootstrap = bootstrap;
        this.server = bootstrap.server();
        this.reactor = reactor;
        this.workerId = workerId;
    }

    void run() throws IOException {
        ServerCounters counters = new ServerCounters(server.settings().get(Keys.MAX_CONNECTION));
        table = new ConnectionTable(0, 1, counters);
        loop = new EventLoop(reactor, "worker#" + workerId);
        BaseEvents events = new BaseEvents(server, workerId);
        long startTime = System.currentTimeMillis() / 1000;
        try (BoundPorts ports = new BoundPorts(server.ports(), loop.transport());
             Signals signals = new Signals()) {
            for (PortConfig cfg : ports.configs()) {
                if (cfg.type().isStream()) {
                    listeners.add(new StreamListener(loop, cfg, (ListenSocket) ports.socket(cfg.id()), table, events, workerId));
                } else {
                    datagramPorts.add(new DatagramPort(loop, cfg, (DatagramSocket) ports.socket(cfg.id()), events, counters));
                }
            }
            bootstrap.attach(new BaseRuntime(loop, table, ports, datagramPorts, this::shutdown, workerId, startTime,
                    server.settings()));
            signals.on("TERM", this::shutdown).on("INT", this::shutdown);
            loop.execute(this::startServing);
            Log.info("base mode, reactor " + reactor.name() + ", pid " + ProcessHandle.current().pid());
            loop.run();
            ServerEvents ev = server.events();
            if (ev.onShutdown() != null) {
                Callbacks.run("onShutdown", () -> ev.onShutdown().handle(server));
            }
        }
    }

    /** First task on the loop: hooks and start callbacks, then accept. */
    private void startServing() {
        ServerEvents ev = server.events();
        bootstrap.runHooks(Hook.MASTER_START);
        if (ev.onStart() != null) {
            Callbacks.run("onStart", () -> ev.onStart().handle(server));
        }
        if (ev.onWorkerStart() != null) {
            Callbacks.run("onWorkerStart", () -> ev.onWorkerStart().handle(server, workerId));
        }
        try {
            for (StreamListener l : listeners) {
                l.start();
            }
            for (DatagramPort d : datagramPorts) {
                d.start();
            }
        } catch (IOException e) {
            Log.error("cannot start accepting: " + e, e);
            shutdown();
        }
    }

    /** Any thread: stops the server in Swoole's order. */
    void shutdown() {
        loop.execute(this::beginShutdown);
    }

    private void beginShutdown() {
        if (stopping) {
            return;
        }
        stopping = true;
        Log.info("shutting down");
        listeners.forEach(StreamListener::close);
        datagramPorts.forEach(DatagramPort::close);
        for (Connection c : table.all()) {
            c.close(true, false);
        }
        long deadline = System.nanoTime() + server.settings().get(Keys.MAX_WAIT_TIME) * 1_000_000_000L;
        awaitConnectionsClosed(deadline);
    }

    private void awaitConnectionsClosed(long deadline) {
        if (table.size() > 0 && System.nanoTime() - deadline < 0) {
            loop.after(10, id -> awaitConnectionsClosed(deadline));
            return;
        }
        for (Connection c : table.all()) {
            c.close(true, true);
        }
        ServerEvents ev = server.events();
        if (ev.onWorkerStop() != null) {
            Callbacks.run("onWorkerStop", () -> ev.onWorkerStop().handle(server, workerId));
        }
        loop.stop();
    }
}
