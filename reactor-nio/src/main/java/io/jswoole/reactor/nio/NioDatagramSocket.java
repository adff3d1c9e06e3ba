package io.jswoole.reactor.nio;

import io.jswoole.spi.reactor.DatagramSocket;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** A bound UDP socket: a non-blocking, unconnected {@link DatagramChannel}. */
final class NioDatagramSocket implements DatagramSocket, NioPollable {
    private final DatagramChannel channel;

    /** @param channel bound and in non-blocking mode */
    NioDatagramSocket(DatagramChannel channel) {
        this.channel = channel;
    }

    @Override
    public DatagramChannel channel() {
        return channel;
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        return channel.receive(dst);
    }

    @Override
    public int send(ByteBuffer src, SocketAddress target) throws IOException {
        return channel.send(src, target);
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "NioDatagramSocket[" + channel + "]";
    }
}
