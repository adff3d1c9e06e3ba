package io.jswoole.core.net;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.event.TimerHandler;
import io.jswoole.linux.Errno;
import io.jswoole.linux.Errors;
import io.jswoole.log.Log;
import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.OutOfDescriptorsException;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.Registration;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Accepts on one listening socket for one event loop and hands each new connection to a sink;
 * used on the loop's thread only.
 *
 * <p>When the process or the system runs out of descriptors, the pending connection stays queued
 * and the listener stays readable, so accepting again at once would spin. The acceptor then stops
 * watching the listener for {@value #BACKOFF_MILLIS} ms (Swoole's {@code disable_accept} /
 * {@code enable_accept}; Netty's acceptor pauses for a second too) and logs once per pause; the
 * loop serves its open connections meanwhile, and closing some of them makes room for the queued
 * ones.
 */
public final class Acceptor implements IoHandler {
    /** How long accepting pauses once descriptors run out. */
    public static final long BACKOFF_MILLIS = 1000;
    private static final int ACCEPTS_PER_TURN = 64;

    private final EventLoop loop;
    private final ListenSocket socket;
    private final String name;
    private final Consumer<StreamSocket> sink;
    /** The sockets of one batch, accepted before any is set up. */
    private final StreamSocket[] batch = new StreamSocket[ACCEPTS_PER_TURN];
    private Registration registration;
    private long resumeTimer;
    private TimerHandler resumeAction;
    private boolean pausing;
    private boolean stopped;

    /**
     * @param name what the log calls the listener, such as its port
     * @param sink takes each accepted connection (and closes it if it does not keep it)
     */
    public Acceptor(EventLoop loop, ListenSocket socket, String name, Consumer<StreamSocket> sink) {
        this.loop = loop;
        this.socket = socket;
        this.name = name;
        this.sink = sink;
        loadWhatAPauseNeeds();
    }

    /**
     * Loads now the classes that running out of descriptors needs: once they run out, a class not
     * loaded yet can no longer be read from its jar (that takes a descriptor too), and the pause
     * would end in a NoClassDefFoundError that kills the loop.
     */
    private void loadWhatAPauseNeeds() {
        resumeAction = id -> resume();
        Errors.exception("accept4", Errno.EMFILE); // the epoll reactor's path: the errno tables, the exception
    }

    /** Starts watching the listener. */
    public void start() throws IOException {
        registration = loop.register(socket, Poller.READ, this);
    }

    @Override
    public void onReady(int readyOps) {
        acceptSome();
    }

    /**
     * Accepts the connections waiting now, up to a batch per call, and only then sets each up
     * (as Netty's acceptor does): the queue is drained at the speed of {@code accept(2)} alone, so
     * a connection is taken by the loop that woke first rather than by whichever loop is free
     * while the first is still registering the ones before it. Returns how many it accepted.
     * Stops at the first error; one from running out of descriptors starts a pause.
     */
    public int acceptSome() {
        int accepted = 0;
        while (accepted < ACCEPTS_PER_TURN) {
            StreamSocket s;
            try {
                s = socket.accept();
            } catch (OutOfDescriptorsException e) {
                pause(e);
                break;
            } catch (IOException e) {
                Log.warn("accept on " + name + " failed: " + e.getMessage());
                break;
            }
            if (s == null) {
                break;
            }
            batch[accepted++] = s;
        }
        for (int i = 0; i < accepted; i++) {
            StreamSocket s = batch[i];
            batch[i] = null;
            sink.accept(s);
        }
        return accepted;
    }

    /** Whether accepting is paused because descriptors ran out. */
    public boolean isPaused() {
        return pausing;
    }

    /** Stops watching the listener for good (the socket itself is closed by its owner). */
    public void stop() {
        stopped = true;
        if (pausing) {
            loop.clearTimer(resumeTimer);
            pausing = false;
        }
        if (registration != null) {
            registration.cancel();
        }
    }

    private void pause(OutOfDescriptorsException e) {
        if (pausing || stopped) {
            return;
        }
        pausing = true;
        if (registration != null) {
            registration.interest(0);
        }
        resumeTimer = loop.after(BACKOFF_MILLIS, resumeAction);
        Log.warn("accept on " + name + " failed: " + e.getMessage() + "; not accepting for " + BACKOFF_MILLIS
                + " ms (open connections are still served)");
    }

    private void resume() {
        pausing = false;
        if (!stopped && registration != null) {
            registration.interest(Poller.READ);
        }
    }
}
