package io.jswoole;

import io.jswoole.event.ConnectionHandler;
import io.jswoole.event.PacketHandler;
import io.jswoole.event.ReceiveBufferHandler;
import io.jswoole.event.ReceiveHandler;

/**
 * The connection callbacks of one listening port. A port's own callback wins; one it lacks falls
 * back to the server's (Swoole's rule for {@code $port->on(...)}).
 */
public final class PortEvents {
    private final PortEvents fallback;
    volatile ConnectionHandler onConnect;
    volatile ReceiveHandler onReceive;
    volatile ReceiveBufferHandler onReceiveBuffer;
    volatile ConnectionHandler onClose;
    volatile PacketHandler onPacket;
    volatile ConnectionHandler onBufferFull;
    volatile ConnectionHandler onBufferEmpty;

    PortEvents(PortEvents fallback) {
        this.fallback = fallback;
    }

    public ConnectionHandler onConnect() {
        return onConnect != null || fallback == null ? onConnect : fallback.onConnect();
    }

    /**
     * The {@code byte[]} form of onReceive in effect, or null (also when the
     * {@linkplain #onReceiveBuffer() view form} is in effect instead).
     */
    public ReceiveHandler onReceive() {
        return ownsReceive() || fallback == null ? onReceive : fallback.onReceive();
    }

    /** The {@linkplain ReceiveBufferHandler view form} of onReceive in effect, or null. */
    public ReceiveBufferHandler onReceiveBuffer() {
        return ownsReceive() || fallback == null ? onReceiveBuffer : fallback.onReceiveBuffer();
    }

    /** Whether either form of onReceive is in effect. */
    public boolean hasReceive() {
        return onReceive() != null || onReceiveBuffer() != null;
    }

    /** Sets the {@code byte[]} form; the two forms share one slot. */
    void receive(ReceiveHandler h) {
        onReceiveBuffer = null;
        onReceive = h;
    }

    /** Sets the view form; the two forms share one slot. */
    void receiveBuffer(ReceiveBufferHandler h) {
        onReceive = null;
        onReceiveBuffer = h;
    }

    private boolean ownsReceive() {
        return onReceive != null || onReceiveBuffer != null;
    }

    public ConnectionHandler onClose() {
        return onClose != null || fallback == null ? onClose : fallback.onClose();
    }

    public PacketHandler onPacket() {
        return onPacket != null || fallback == null ? onPacket : fallback.onPacket();
    }

    public ConnectionHandler onBufferFull() {
        return onBufferFull != null || fallback == null ? onBufferFull : fallback.onBufferFull();
    }

    public ConnectionHandler onBufferEmpty() {
        return onBufferEmpty != null || fallback == null ? onBufferEmpty : fallback.onBufferEmpty();
    }
}
