package io.jswoole.factory.process;

import io.jswoole.JswooleException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The messages between the master's reactor threads and the workers. The pipe header carries the
 * type, flags, reactor id and session (the connection's fd, or a worker id); payloads are the
 * client's bytes, or an address followed by them for datagrams.
 *
 * <p>From the master to a worker, the header's 16-bit reactor id field carries the listening
 * port's id of a connection message instead (Swoole's {@code server_fd}): the worker knows the
 * reactor from the pipe a message arrives on. So process mode serves up to {@link #MAX_PORTS}
 * listening ports.
 */
final class Msg {
    // master → worker
    static final int CONNECT = 1;
    static final int RECEIVE = 2;
    static final int CLOSE = 3;
    static final int PACKET = 4;
    static final int BUFFER_FULL = 5;
    static final int BUFFER_EMPTY = 6;
    static final int PIPE_MESSAGE = 7;
    /**
     * The reactor thread's clock ({@code System.nanoTime()}: the system's monotonic clock, the
     * same in every process) in the turn it read the packets that follow, 8 bytes; sent before
     * the first packet of a turn for a worker. Not counted as work: no load, not remembered, not
     * in the worker's count of finished messages.
     */
    static final int STAMP = 8;
    // worker → master
    static final int HELLO = 20;
    static final int SEND = 21;
    static final int CLOSE_REQUEST = 22;
    static final int SENDTO = 23;
    static final int PIPE_TO = 24;
    static final int GOODBYE = 25;
    static final int BIND = 26;
    /** The worker has handled a packet of a connection with {@code ordered_replies}: its replies are complete. */
    static final int DONE = 27;

    /** CLOSE: the server closed the connection (onClose gets reactorId -1). */
    static final int FLAG_BY_SERVER = 1;
    /** CLOSE_REQUEST: close with a reset. */
    static final int FLAG_RESET = 1;
    /** CLOSE_REQUEST: close at once, dropping queued output (heartbeat). */
    static final int FLAG_FORCE = 2;

    private Msg() {
    }

    /**
     * The most listening ports process mode serves: port ids fit the header's 16-bit field, and a
     * datagram's port id 0xFFFF means "any port" ({@link #datagram}).
     */
    static final int MAX_PORTS = 0xFFFF;
    /** The largest packet of a port without framing: one read of the event loop, or a datagram with its address. */
    static final int MAX_UNFRAMED_PACKET = io.jswoole.core.loop.EventLoop.READ_BUFFER_SIZE + 64;
    private static final int ANY_PORT = 0xFFFF;

    /** Refuses a server with more listening ports than {@link #MAX_PORTS}, in one line. */
    static void checkPortCount(int ports) {
        if (ports > MAX_PORTS) {
            throw new JswooleException("process mode serves at most " + MAX_PORTS + " listening ports, not " + ports);
        }
    }

    /** [port id u16, 0xFFFF: any][port u16][address length u8][address bytes][data]: a datagram's origin or target. */
    static ByteBuffer datagram(int portId, InetSocketAddress address, ByteBuffer data) {
        byte[] ip = address.getAddress().getAddress();
        ByteBuffer b = ByteBuffer.allocate(5 + ip.length + data.remaining());
        b.putShort((short) portId).putShort((short) address.getPort()).put((byte) ip.length).put(ip).put(data.duplicate());
        return b.flip();
    }

    /** Reads the header of {@link #datagram}; leaves {@code b} positioned at the data. */
    static Datagram readDatagram(ByteBuffer b) throws UnknownHostException {
        int portId = b.getShort() & 0xFFFF;
        int port = b.getShort() & 0xFFFF;
        byte[] ip = new byte[b.get()];
        b.get(ip);
        return new Datagram(portId == ANY_PORT ? -1 : portId, new InetSocketAddress(InetAddress.getByAddress(ip), port));
    }

    /** A datagram's port id ({@code -1}: any port) and its origin or target. */
    record Datagram(int portId, InetSocketAddress address) {
    }
}
