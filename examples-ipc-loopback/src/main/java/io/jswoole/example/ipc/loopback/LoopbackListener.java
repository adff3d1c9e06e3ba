package io.jswoole.example.ipc.loopback;

import io.jswoole.log.Log;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP listener on 127.0.0.1 that admits only connections that start with its secret.
 *
 * <p>A new connection is held pending until its first {@value LoopbackPipeProvider#SECRET_SIZE}
 * bytes arrive: {@link #accept()} returns it as a channel when they match the secret and closes it
 * (with a warning in the log) when they do not, when it ends first, or when they have not all
 * arrived within the secret timeout.
 *
 * <p>Only the listening socket is polled, so a secret that arrives after a connection was taken
 * from it wakes nobody. {@link #accept()} therefore waits, briefly, for the secrets of the
 * connections it holds: an honest child writes its secret as soon as it has connected, so the wait
 * is rarely needed and then lasts microseconds; only a connection that never sends its secret
 * costs the whole timeout.
 */
final class LoopbackListener implements PipeListener {
    /** How long a new connection has to send its secret. */
    static final long SECRET_TIMEOUT_MILLIS = 1_000;
    private static final long WAIT_STEP_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final ListenSocket socket;
    private final String address;
    private final Path secretFile;
    private final byte[] secret;
    private final long secretTimeoutNanos;
    private final List<Pending> pending = new ArrayList<>();

    /** A connection whose secret has not all arrived yet. */
    private record Pending(StreamSocket socket, ByteBuffer received, long deadline) {
    }

    /**
     * @param socket     listening on 127.0.0.1; the listener owns it
     * @param secretFile the file holding {@code secret}; closing the listener deletes it
     */
    LoopbackListener(ListenSocket socket, int port, Path secretFile, byte[] secret, long secretTimeoutMillis) {
        this.socket = socket;
        this.address = LoopbackPipeProvider.HOST + ":" + port + ":" + secretFile;
        this.secretFile = secretFile;
        this.secret = secret.clone();
        this.secretTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(secretTimeoutMillis);
    }

    /** {@code 127.0.0.1:<port>:<secret file>}. */
    @Override
    public String address() {
        return address;
    }

    @Override
    public Pollable pollable() {
        return socket;
    }

    /** {@inheritDoc} Returns only a connection that sent the right secret. */
    @Override
    public PipeChannel accept() throws IOException {
        for (StreamSocket s; (s = socket.accept()) != null; ) {
            pending.add(new Pending(s, ByteBuffer.allocate(secret.length), System.nanoTime() + secretTimeoutNanos));
        }
        while (!pending.isEmpty()) {
            PipeChannel admitted = admitOne();
            if (admitted != null) {
                return admitted;
            }
            if (!pending.isEmpty()) {
                LockSupport.parkNanos(WAIT_STEP_NANOS);
            }
        }
        return null;
    }

    /** Reads what each pending connection sent; returns the first one whose secret matched, or null. */
    private PipeChannel admitOne() {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            String refusal;
            try {
                if (p.socket().read(p.received()) < 0) {
                    refusal = "it closed after " + p.received().position() + " bytes of the secret";
                } else if (p.received().hasRemaining()) {
                    if (System.nanoTime() - p.deadline() < 0) {
                        continue; // not all here yet
                    }
                    refusal = "it sent no secret within " + TimeUnit.NANOSECONDS.toMillis(secretTimeoutNanos) + " ms";
                } else if (MessageDigest.isEqual(p.received().array(), secret)) {
                    it.remove();
                    return new LoopbackChannel(p.socket());
                } else {
                    refusal = "it sent the wrong secret";
                }
            } catch (IOException e) {
                refusal = "reading its secret failed: " + e.getMessage();
            }
            it.remove();
            Log.warn("loopback pipe " + address + ": closing a connection from " + remote(p.socket()) + ": " + refusal);
            closeQuietly(p.socket());
        }
        return null;
    }

    /** Stops listening, closes the connections still pending and deletes the secret file. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        try {
            socket.close();
        } catch (IOException e) {
            failure = e;
        }
        for (Pending p : pending) {
            closeQuietly(p.socket());
        }
        pending.clear();
        try {
            Files.deleteIfExists(secretFile);
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static String remote(StreamSocket s) {
        try {
            return String.valueOf(s.remoteAddress());
        } catch (IOException e) {
            return "an unknown address";
        }
    }

    private static void closeQuietly(StreamSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // being refused anyway
        }
    }

    @Override
    public String toString() {
        return "LoopbackListener[" + address + ", " + pending.size() + " pending]";
    }
}
