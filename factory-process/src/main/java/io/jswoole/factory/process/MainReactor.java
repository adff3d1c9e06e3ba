package io.jswoole.factory.process;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.net.Acceptor;
import io.jswoole.core.net.PortConfig;
import io.jswoole.log.Log;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The master's main reactor thread: accepts on every stream port and hands each connection to a
 * reactor thread, in turn (pausing when descriptors run out, see {@link Acceptor}). Its loop also
 * runs the master's timers.
 */
final class MainReactor {
    private final EventLoop loop;
    private final ReactorThread[] reactors;
    private final List<Acceptor> acceptors = new ArrayList<>();
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
            Acceptor acceptor = new Acceptor(loop, socket, String.valueOf(port.port()), s -> handOff(s, port, boundPort));
            try {
                acceptor.start();
                acceptors.add(acceptor);
            } catch (IOException e) {
                Log.error("cannot accept on " + port.port() + ": " + e, e);
            }
        });
    }

    /** Gives the connection to the next reactor thread, in turn. */
    private void handOff(StreamSocket s, PortConfig port, int boundPort) {
        ReactorThread r = reactors[next];
        next = next + 1 == reactors.length ? 0 : next + 1;
        r.loop().execute(() -> r.adopt(s, port, boundPort));
    }

    /** Stops accepting (the sockets themselves are closed by their owner); any thread. */
    void stopAccepting() {
        loop.call(() -> {
            acceptors.forEach(Acceptor::stop);
            acceptors.clear();
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
