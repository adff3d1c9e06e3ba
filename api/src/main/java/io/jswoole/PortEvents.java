package io.jswoole;

import io.jswoole.event.ConnectionHandler;
import io.jswoole.event.PacketHandler;
import io.jswoole.event.ReceiveHandler;

/**
 * The connection callbacks of one listening port. A port's own callback wins; one it lacks falls
 * back to the server's (Swoole's rule for {@code $port->on(...)}).
 */
public final class PortEvents {
    private final PortEvents fallback;
    volatile ConnectionHandler onConnect;
    volatile ReceiveHandler onReceive;
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

    public ReceiveHandler onReceive() {
        return onReceive != null || fallback == null ? onReceive : fallback.onReceive();
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
