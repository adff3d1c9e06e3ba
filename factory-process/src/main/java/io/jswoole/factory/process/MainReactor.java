package io.jswoole.factory.process;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.net.PortConfig;
import io.jswoole.log.Log;
import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.Registration;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The master's main reactor thread: accepts on every stream port and hands each connection to a
 * reactor thread, in turn. Its loop also runs the master's timers.
 */
final class MainReactor {
    private static final int ACCEPTS_PER_TURN = 64;

    private final EventLoop loop;
    private final ReactorThread[] reactors;
    private final List<Registration> registrations = new ArrayList<>();
    private Thread thread;
    private int next;

    MainReactor(EventLoop loop, ReactorThread[] reactors) {
        this.loop = loop;
        this.reactors = reactors;
    }

    EventLoop loop() {
        return loop;
    }

    void start() {
        thread = new Thread(loop::run, "jswoole-main-reactor");
        thread.start();
    }

    /** Starts accepting on {@code socket}; any thread. */
    void accept(ListenSocket socket, PortConfig port, int boundPort) {
        loop.execute(() -> {
            try {
                registrations.add(loop.register(socket, Poller.READ, acceptor(socket, port, boundPort)));
            } catch (IOException e) {
                Log.error("cannot accept on " + port.port() + ": " + e, e);
            }
        });
    }

    private IoHandler acceptor(ListenSocket socket, PortConfig port, int boundPort) {
        return ops -> {
            for (int i = 0; i < ACCEPTS_PER_TURN; i++) {
                StreamSocket s;
                try {
                    s = socket.accept();
                } catch (IOException e) {
                    Log.warn("accept on " + port.port() + " failed: " + e.getMessage());
                    return;
                }
                if (s == null) {
                    return;
                }
                ReactorThread r = reactors[next];
                next = next + 1 == reactors.length ? 0 : next + 1;
                r.loop().execute(() -> r.adopt(s, port, boundPort));
            }
        };
    }

    /** Stops accepting (the sockets themselves are closed by their owner); any thread. */
    void stopAccepting() {
        loop.call(() -> {
            registrations.forEach(Registration::cancel);
            registrations.clear();
            return null;
        });
    }

    void stop() throws InterruptedException {
        loop.stop();
        if (thread != null) {
            thread.join(10_000);
        }
    }
}
