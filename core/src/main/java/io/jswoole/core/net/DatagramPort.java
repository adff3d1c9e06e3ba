package io.jswoole.core.net;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.log.Log;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.Registration;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/** A datagram port on one loop: receives into the loop's buffer and sends replies. */
public final class DatagramPort implements IoHandler {
    private static final int RECEIVES_PER_TURN = 64;

    private final EventLoop loop;
    private final PortConfig port;
    private final DatagramSocket socket;
    private final DatagramEvents events;
    private final Runnable countRequest;
    private Registration registration;

    /** @param countRequest counts each datagram received, for {@code stats()} */
    public DatagramPort(EventLoop loop, PortConfig port, DatagramSocket socket, DatagramEvents events,
                        Runnable countRequest) {
        this.loop = loop;
        this.port = port;
        this.socket = socket;
        this.events = events;
        this.countRequest = countRequest;
    }

    /** Starts receiving; loop thread only. */
    public void start() throws IOException {
        registration = loop.register(socket, Poller.READ, this);
    }

    public PortConfig port() {
        return port;
    }

    @Override
    public void onReady(int readyOps) {
        for (int i = 0; i < RECEIVES_PER_TURN; i++) {
            ByteBuffer buf = loop.readBuffer();
            SocketAddress from;
            try {
                from = socket.receive(buf);
            } catch (IOException e) {
                Log.warn("receive on " + port.port() + " failed: " + e.getMessage());
                return;
            }
            if (from == null) {
                return;
            }
            buf.flip();
            countRequest.run();
            events.onDatagram(this, from, buf);
        }
    }

    /** Sends one datagram; false if the socket's buffer is full or the send fails. */
    public boolean send(ByteBuffer data, SocketAddress to) {
        try {
            return socket.send(data, to) > 0 || !data.hasRemaining();
        } catch (IOException e) {
            Log.warn("sendto " + to + " from " + port.port() + " failed: " + e.getMessage());
            return false;
        }
    }

    /** Stops receiving and closes the socket; loop thread only. */
    public void close() {
        if (registration != null) {
            registration.cancel();
        }
        try {
            socket.close();
        } catch (IOException e) {
            Log.debug("close: " + e);
        }
    }
}
