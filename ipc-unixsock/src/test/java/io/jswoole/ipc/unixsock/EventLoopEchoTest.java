package io.jswoole.ipc.unixsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Registration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two event loops on two threads, as a master and a worker: the worker echoes every message, and
 * both flush once per loop turn at the end of the turn.
 */
@Timeout(60)
class EventLoopEchoTest {
    private static final int MESSAGES = 20_000;

    @TempDir
    Path runDir;

    @Test
    void echoesThroughTwoLoops() throws Exception {
        ReactorProvider reactor = Providers.select(ReactorProvider.class, "reactor", "nio");
        UnixSockPipeProvider provider = new UnixSockPipeProvider();
        EventLoop master = new EventLoop(reactor, "master");
        EventLoop worker = new EventLoop(reactor, "worker");
        Thread masterThread = new Thread(master::run, "master");
        Thread workerThread = new Thread(worker::run, "worker");
        masterThread.start();
        workerThread.start();
        CompletableFuture<long[]> done = new CompletableFuture<>();
        CompletableFuture<PipeChannel> accepted = new CompletableFuture<>();
        CompletableFuture<PipeChannel> connected = new CompletableFuture<>();
        try (PipeListener listener = master.call(() -> provider.listen(runDir, "worker-0", master.transport()))) {
            master.execute(() -> register(master, listener, accepted));
            worker.execute(() -> {
                try {
                    PipeChannel toMaster = provider.connect(listener.address(), worker.transport());
                    connected.complete(toMaster);
                    new LoopChannel(worker, toMaster, (self, type, flags, reactorId, session, payload) ->
                            self.send(type, flags, reactorId, session, payload));
                } catch (IOException e) {
                    done.completeExceptionally(e);
                }
            });
            PipeChannel toWorker = accepted.get(10, TimeUnit.SECONDS);
            master.execute(() -> startSending(master, toWorker, done));
            long[] result = done.get(30, TimeUnit.SECONDS);
            assertEquals(MESSAGES, result[0], "every echo arrived");
            assertEquals((long) MESSAGES * (MESSAGES - 1) / 2, result[1], "in order, intact");
        } finally {
            master.stop();
            worker.stop();
            masterThread.join(10_000);
            workerThread.join(10_000);
            for (CompletableFuture<PipeChannel> c : java.util.List.of(accepted, connected)) {
                if (c.isDone() && !c.isCompletedExceptionally()) {
                    c.get().close();
                }
            }
        }
        assertTrue(!masterThread.isAlive() && !workerThread.isAlive());
    }

    private static void register(EventLoop loop, PipeListener listener, CompletableFuture<PipeChannel> accepted) {
        try {
            Registration[] r = new Registration[1];
            r[0] = loop.register(listener.pollable(), Poller.READ, ops -> {
                try {
                    PipeChannel c = listener.accept();
                    if (c != null) {
                        r[0].cancel();
                        accepted.complete(c);
                    }
                } catch (IOException e) {
                    accepted.completeExceptionally(e);
                }
            });
        } catch (IOException e) {
            accepted.completeExceptionally(e);
        }
    }

    /** Sends MESSAGES numbered messages, as many per turn as the queue takes; checks the echoes. */
    private static void startSending(EventLoop loop, PipeChannel channel, CompletableFuture<long[]> done) {
        long[] echoes = new long[2]; // count, sum of sessions
        int[] expected = new int[1];
        LoopChannel[] self = new LoopChannel[1];
        int[] next = new int[1];
        ByteBuffer payload = ByteBuffer.allocate(100);
        Runnable produce = () -> {
            while (next[0] < MESSAGES) {
                payload.clear().putInt(0, next[0]);
                if (!self[0].send(1, 0, 3, next[0], payload)) {
                    return; // resumed when the queue drains
                }
                next[0]++;
            }
        };
        self[0] = new LoopChannel(loop, channel, (ch, type, flags, reactorId, session, p) -> {
            if (session != expected[0]++ || p.getInt(p.position()) != session || p.remaining() != 100 || reactorId != 3) {
                done.completeExceptionally(new AssertionError("echo " + session + " out of order or damaged"));
            }
            echoes[0]++;
            echoes[1] += session;
            if (echoes[0] == MESSAGES) {
                done.complete(echoes);
            }
        });
        self[0].onDrained = produce;
        produce.run();
    }

    /** A message handler that can answer through the channel it arrived on. */
    @FunctionalInterface
    interface Handler {
        void onMessage(LoopChannel self, int type, int flags, int reactorId, int session, ByteBuffer payload);
    }

    /** A channel served by an event loop: READ receives, one flush per turn, WRITE while blocked. */
    static final class LoopChannel {
        private final EventLoop loop;
        private final PipeChannel channel;
        private final Registration registration;
        private boolean flushPending;
        Runnable onDrained;

        LoopChannel(EventLoop loop, PipeChannel channel, Handler handler) {
            this.loop = loop;
            this.channel = channel;
            try {
                registration = loop.register(channel.pollable(), Poller.READ, ops -> {
                    if ((ops & Poller.WRITE) != 0) {
                        flush();
                    }
                    if ((ops & Poller.READ) != 0) {
                        receive(handler);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean send(int type, int flags, int reactorId, int session, ByteBuffer payload) {
            boolean taken = channel.offer(type, flags, reactorId, session, payload);
            if (!flushPending) {
                flushPending = true;
                loop.atEndOfTurn(this::flush);
            }
            return taken;
        }

        private void receive(Handler handler) {
            try {
                if (!channel.receive((t, f, r, s, p) -> handler.onMessage(this, t, f, r, s, p))) {
                    registration.cancel();
                    channel.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void flush() {
            flushPending = false;
            try {
                boolean empty = channel.flush();
                registration.interest(empty ? Poller.READ : Poller.READ | Poller.WRITE);
                if (empty && onDrained != null) {
                    onDrained.run();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
