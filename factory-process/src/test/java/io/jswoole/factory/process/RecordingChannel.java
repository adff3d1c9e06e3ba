package io.jswoole.factory.process;

import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.reactor.Pollable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipe channel for the link tests: takes up to {@code capacity} messages (none after
 * {@link #shutdownOutput()}, which fails once {@link #peerGone()}), records them as text, writes nothing and is never polled.
 */
final class RecordingChannel implements PipeChannel {
    /** One message as the channel took it. */
    record Sent(int type, int session, String payload) {
    }

    final List<Sent> sent = new ArrayList<>();
    private final int capacity;
    private boolean outputShut;
    private boolean peerGone;

    RecordingChannel(int capacity) {
        this.capacity = capacity;
    }

    /** From now on, shutting the output fails as it does once the peer process has died. */
    RecordingChannel peerGone() {
        peerGone = true;
        return this;
    }

    /** The payloads taken, in order. */
    List<String> payloads() {
        return sent.stream().map(Sent::payload).toList();
    }

    @Override
    public boolean offer(int type, int flags, int reactorId, int session, ByteBuffer payload) {
        if (outputShut || sent.size() >= capacity) {
            return false;
        }
        sent.add(new Sent(type, session, StandardCharsets.UTF_8.decode(payload.duplicate()).toString()));
        return true;
    }

    @Override
    public boolean flush() {
        return true;
    }

    @Override
    public long queuedBytes() {
        return 0;
    }

    @Override
    public boolean receive(MessageHandler handler) {
        return true;
    }

    @Override
    public void shutdownOutput() throws java.io.IOException {
        if (peerGone) {
            throw new java.io.IOException("Broken pipe");
        }
        outputShut = true;
    }

    @Override
    public Pollable pollable() {
        return null;
    }

    @Override
    public void close() {
    }
}
