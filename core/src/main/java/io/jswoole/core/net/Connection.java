package io.jswoole.core.net;

import io.jswoole.core.frame.FrameException;
import io.jswoole.core.frame.Framer;
import io.jswoole.core.loop.EventLoop;
import io.jswoole.log.Log;
import io.jswoole.settings.Networks;
import io.jswoole.spi.ConnectionEvent;
import io.jswoole.spi.Factory;
import io.jswoole.spi.reactor.IoHandler;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.Registration;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * One client connection, owned by one event loop: reads and frames incoming data, queues output
 * up to {@code socket_buffer_size}, and pushes back on a client that does not read (reading
 * pauses above the high water mark and resumes once the queue has drained).
 *
 * <p>Output queued during a loop turn is written at the end of the turn, so the replies to
 * several pipelined packets leave in one write. All methods run on the owning loop's thread,
 * except the getters of immutable fields and {@link #lastTime()}.
 */
public final class Connection implements IoHandler {
    /** Warnings a client can cause again and again, for all connections of the process. */
    private static final Log.Limited CLIENT_WARNINGS = Log.limited(10);
    /** How far replies relayed from a worker may pass {@code socket_buffer_size} ({@link #relay}). */
    public static final long RELAY_SLACK = 8L << 20;

    private final int fd;
    private final int reactorId;
    private final StreamSocket socket;
    private final PortConfig port;
    private final EventLoop loop;
    /** The mode's data path: packets and events go to it (Swoole's dispatch and notify). */
    private final Factory<Connection> factory;
    private final ConnectionOwner owner;
    private final Framer framer;
    private final Framer.PacketSink sink = this::deliver;
    private final Runnable flushAtEndOfTurn = this::flush;
    private final OutputQueue out;
    /**
     * At most the room between the high water mark and the buffer's end is read at once, so that
     * echoing one read can never overflow the output buffer once reading pauses.
     */
    private final int maxRead;
    /** The socket's peer address (null for a Unix socket). */
    private final InetAddress socketIp;
    /** The client's address: the socket's peer, or the one its PROXY protocol header gave. */
    private volatile String remoteIp;
    private volatile int remotePort;
    /** The PROXY protocol header still to be read (the port asks for one), or null. */
    private ProxyHeader proxyHeader;
    /** onConnect has fired; until then the mode hears nothing of the connection, not even its close. */
    private boolean announced;
    private final long connectTime = System.currentTimeMillis() / 1000;
    private volatile long lastTime = connectTime;
    private volatile long uid;
    private Registration registration;
    private boolean readPaused;
    private boolean suspended;
    private boolean flushScheduled;
    private boolean closeAfterFlush;
    private boolean closingByServer;
    private boolean inputEnded;
    /** A send was refused for overflow and logged; the next is logged once the queue has drained. */
    private boolean overflowLogged;
    private volatile boolean closed;
    /** A protocol's error answer that goes out when the connection is closed without a reset. */
    private byte[] finalReply;

    /**
     * A connection that has been accepted; {@link #start()} begins reading.
     *
     * @param fd        the session id
     * @param reactorId the reactor (thread or worker) that owns it
     */
    public Connection(int fd, int reactorId, StreamSocket socket, PortConfig port, EventLoop loop,
                      Factory<Connection> factory, ConnectionOwner owner) {
        this.fd = fd;
        this.reactorId = reactorId;
        this.socket = socket;
        this.port = port;
        this.loop = loop;
        this.factory = factory;
        this.owner = owner;
        this.framer = Framer.forSettings(port.settings(), loop.readViews());
        this.out = new OutputQueue(loop.outputBuffers());
        this.maxRead = (int) Math.max(1024, Math.min(Integer.MAX_VALUE, port.outputBufferSize() - port.highWatermark()));
        SocketAddress remote = remoteAddress(socket);
        if (remote instanceof InetSocketAddress inet) {
            this.socketIp = inet.getAddress();
            this.remoteIp = inet.getAddress().getHostAddress();
            this.remotePort = inet.getPort();
        } else {
            this.socketIp = null;
            this.remoteIp = "";
            this.remotePort = 0;
        }
    }

    /**
     * Starts reading; called once, on the loop, after the connection is in its table. onConnect
     * fires now or, on a port with {@code open_proxy_protocol}, once the header has been read;
     * there a connection from a source {@code proxy_protocol_sources} does not allow is closed
     * instead, unheard of by the mode.
     */
    public void start() throws IOException {
        if (!port.proxyProtocol()) {
            registration = loop.register(socket, Poller.READ, this);
            announce();
            return;
        }
        Networks allowed = port.proxySources();
        if (!allowed.isEmpty() && !allowed.contains(socketIp)) {
            abort("its address is not in proxy_protocol_sources");
            return;
        }
        proxyHeader = new ProxyHeader();
        registration = loop.register(socket, Poller.READ, this);
    }

    private void announce() {
        announced = true;
        factory.notify(this, ConnectionEvent.CONNECT);
    }

    public int fd() {
        return fd;
    }

    public int reactorId() {
        return reactorId;
    }

    public PortConfig port() {
        return port;
    }

    public String remoteIp() {
        return remoteIp;
    }

    public int remotePort() {
        return remotePort;
    }

    /** Seconds since the epoch when it was accepted. */
    public long connectTime() {
        return connectTime;
    }

    /** Seconds since the epoch when data last arrived. */
    public long lastTime() {
        return lastTime;
    }

    public long uid() {
        return uid;
    }

    public void uid(long uid) {
        this.uid = uid;
    }

    /** Closed, or closing once its queued output is written: it takes no more output. */
    public boolean isClosing() {
        return closed || closeAfterFlush;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Whether the client ended its side (end of stream was read). */
    public boolean inputEnded() {
        return inputEnded;
    }

    /** Bytes queued for the client. */
    public long queuedBytes() {
        return out.bytes();
    }

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & Poller.WRITE) != 0) {
            flush();
        }
        if ((readyOps & Poller.READ) != 0 && !closed && !readPaused && !suspended && !inputEnded) {
            read();
        }
    }

    private void read() {
        ByteBuffer buf = loop.readBuffer();
        if (buf.limit() > maxRead) {
            buf.limit(maxRead);
        }
        int n;
        try {
            n = socket.read(buf);
        } catch (IOException e) {
            closeNow(false, false);
            return;
        }
        if (n < 0) {
            peerClosed();
            return;
        }
        if (n == 0) {
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        if (now != lastTime) {
            lastTime = now;
            owner.lastTimeChanged(this);
        }
        buf.flip();
        if (proxyHeader != null && !readProxyHeader(buf)) {
            return;
        }
        try {
            framer.feed(buf, sink);
            byte[] interim = framer.interimReply();
            if (interim != null) {
                send(interim, 0, interim.length);
            }
        } catch (FrameException e) {
            logClosed(e.getMessage());
            owner.aborted(this);
            byte[] reply = e.reply();
            if (reply == null) {
                closeNow(true, true);
                return;
            }
            // The protocol's error answer leaves after the answers to the packets before it, then
            // the connection closes: read no more, and close as when the client ends its side.
            finalReply = reply;
            inputEnded = true;
            setInterest(Poller.READ, false);
            if (!factory.notify(this, ConnectionEvent.INPUT_ENDED)) {
                close(true, false);
            }
        }
    }

    /**
     * Reads what {@code buf} holds of the PROXY protocol header. Once it is whole, the client's
     * address it names becomes the connection's and onConnect fires.
     *
     * @return true when the header is whole and bytes after it (the first data) remain in {@code buf}
     */
    private boolean readProxyHeader(ByteBuffer buf) {
        try {
            if (!proxyHeader.feed(buf)) {
                return false;
            }
        } catch (FrameException e) {
            abort(e.getMessage());
            return false;
        }
        InetAddress source = proxyHeader.sourceAddress();
        if (source != null) {
            remoteIp = source.getHostAddress();
            remotePort = proxyHeader.sourcePort();
            owner.remoteChanged(this, source, remotePort);
        }
        proxyHeader = null;
        announce();
        return !closed && buf.hasRemaining();
    }

    /** Closes the connection for what it sent (or where it comes from), with one log line. */
    private void abort(String why) {
        logClosed(why);
        owner.aborted(this);
        closeNow(true, false);
    }

    private void logClosed(String why) {
        CLIENT_WARNINGS.warn("connection " + fd + " from " + remoteIp + ":" + remotePort + " on " + port.port()
                + " closed: " + why);
    }

    private void deliver(ByteBuffer packet) {
        if (!closed && !closeAfterFlush) {
            owner.requestReceived(this);
            factory.dispatch(this, packet);
        }
    }

    /**
     * The peer closed its side: read no more; write what is queued, and what the owner still
     * answers if it says replies may follow; then close.
     */
    private void peerClosed() {
        if (proxyHeader != null) {
            if (proxyHeader.started()) {
                abort("it ended in the middle of its PROXY protocol header");
            } else {
                closeNow(false, false); // connected and left without a word: a plain TCP health check
            }
            return;
        }
        inputEnded = true;
        setInterest(Poller.READ, false);
        if (factory.notify(this, ConnectionEvent.INPUT_ENDED)) {
            return;
        }
        if (out.isEmpty()) {
            closeNow(false, false);
        } else {
            closeAfterFlush = true;
        }
    }

    /**
     * Queues {@code length} bytes of {@code data} (copied) for the client.
     *
     * @return false if the connection is closing, the send is larger than {@code buffer_output_size},
     *         or the queue would pass {@code socket_buffer_size}
     */
    public boolean send(byte[] data, int offset, int length) {
        if (closed || closeAfterFlush || !admits(length)) {
            return false;
        }
        if (length > 0) {
            out.append(data, offset, length);
            queued();
        }
        return true;
    }

    /**
     * Sends the remaining bytes of {@code data}, leaving its position as it was. With nothing
     * queued they are written straight from {@code data}, and only what the socket does not take
     * is copied and queued; otherwise all are copied behind what is queued.
     *
     * @return false if the connection is closing, the send is larger than {@code buffer_output_size},
     *         or the queue would pass {@code socket_buffer_size}
     */
    public boolean send(ByteBuffer data) {
        int length = data.remaining();
        if (closed || closeAfterFlush || !admits(length)) {
            return false;
        }
        if (length == 0) {
            return true;
        }
        int position = data.position();
        if (out.isEmpty()) {
            try {
                socket.write(data);
            } catch (IOException e) {
                // Queued below: the flush at the end of the turn meets the error again and closes.
            }
        }
        if (data.hasRemaining()) {
            out.append(data);
            queued();
        }
        data.position(position);
        return true;
    }

    /**
     * Queues the remaining bytes of {@code data} (copied) that a worker process already produced
     * (process mode). Reading from the client pauses at the high water mark, but replies to what
     * was read before are still on their way through the pipes; so up to {@link #RELAY_SLACK}
     * bytes beyond {@code socket_buffer_size} are taken. What is in flight stays well below that
     * for replies the size of their requests: the master stops reading a client while the pipe
     * to its worker is behind, and a worker takes no more packets while its pipe back is behind.
     * A reply past it is refused, and the caller closes the connection rather than leave a gap.
     */
    public boolean relay(ByteBuffer data) {
        int length = data.remaining();
        if (closed || closeAfterFlush || !admits(length, RELAY_SLACK)) {
            return false;
        }
        if (length > 0) {
            out.append(data);
            queued();
        }
        return true;
    }

    private boolean admits(int length) {
        return admits(length, 0);
    }

    private boolean admits(int length, long slack) {
        if (length > port.maxSendSize()) {
            CLIENT_WARNINGS.warn("send of " + length + " bytes to connection " + fd + " refused: larger than"
                    + " buffer_output_size " + port.maxSendSize());
            return false;
        }
        if (out.bytes() + length > port.outputBufferSize() + slack) {
            if (!overflowLogged) {
                overflowLogged = true; // a client that never reads must not flood the log too
                Log.warn("send to connection " + fd + " refused: output buffer overflow (socket_buffer_size "
                        + port.outputBufferSize() + ", " + out.bytes() + " bytes queued); further refusals are not"
                        + " logged until it drains");
            }
            return false;
        }
        return true;
    }

    /** Output was queued: flush it at the end of the turn, and pause reading above the high water mark. */
    private void queued() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.atEndOfTurn(flushAtEndOfTurn);
        }
        if (!readPaused && out.bytes() > port.highWatermark()) {
            pauseReading();
            factory.notify(this, ConnectionEvent.BUFFER_FULL);
        }
    }

    /** Writes what is queued; called at the end of a turn and when the socket becomes writable. */
    private void flush() {
        flushScheduled = false;
        if (closed) {
            return;
        }
        try {
            out.writeTo(socket);
        } catch (IOException e) {
            closeNow(false, false);
            return;
        }
        if (!out.isEmpty()) {
            setInterest(Poller.WRITE, true);
            return;
        }
        setInterest(Poller.WRITE, false);
        overflowLogged = false;
        if (closeAfterFlush) {
            closeNow(closingByServer, false);
        } else if (readPaused) {
            readPaused = false;
            if (!suspended && !inputEnded) {
                setInterest(Poller.READ, true);
            }
            factory.notify(this, ConnectionEvent.BUFFER_EMPTY);
        }
    }

    /**
     * Reads and handles what the client has already sent (one non-blocking read), so that a
     * connection closed at shutdown answers the requests that reached the server before it.
     */
    public void readAvailable() {
        if (!closed && !readPaused && !suspended && !closeAfterFlush && !inputEnded) {
            read();
        }
    }

    /**
     * Stops reading from the client until {@link #resumeReading()}: the caller cannot take more
     * of its data now (process mode: the worker's pipe is full).
     */
    public void suspendReading() {
        if (!suspended) {
            suspended = true;
            setInterest(Poller.READ, false);
        }
    }

    /** Undoes {@link #suspendReading()}. */
    public void resumeReading() {
        if (suspended) {
            suspended = false;
            if (!readPaused && !closeAfterFlush && !inputEnded) {
                setInterest(Poller.READ, true);
            }
        }
    }

    private void pauseReading() {
        readPaused = true;
        setInterest(Poller.READ, false);
    }

    private void setInterest(int op, boolean on) {
        if (registration != null && !closed) {
            registration.interest(op, on);
        }
    }

    /**
     * Closes the connection: with {@code reset} at once and with a TCP reset, otherwise once the
     * queued output is written. {@code byServer} gives Swoole's onClose reactorId of -1.
     */
    public void close(boolean byServer, boolean reset) {
        if (closed) {
            return;
        }
        if (!reset && finalReply != null) {
            byte[] reply = finalReply;
            finalReply = null;
            send(reply, 0, reply.length);
        }
        if (!reset && !out.isEmpty()) {
            closeAfterFlush = true;
            closingByServer |= byServer;
            pauseReading();
            flush();
            return;
        }
        closeNow(byServer, reset);
    }

    /**
     * Closes the connection at once as the server, dropping queued output but without a reset
     * (Swoole's {@code close_force}): the heartbeat does not wait for a peer that may never read.
     */
    public void forceClose() {
        closeNow(true, false);
    }

    private void closeNow(boolean byServer, boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        out.clear();
        if (registration != null) {
            registration.cancel();
        }
        try {
            if (reset) {
                socket.abort();
            } else {
                socket.close();
            }
        } catch (IOException e) {
            Log.debug("closing connection " + fd + ": " + e);
        }
        owner.removed(this);
        if (announced) {
            factory.notify(this, byServer ? ConnectionEvent.CLOSE_BY_SERVER : ConnectionEvent.CLOSE);
        }
    }

    private static SocketAddress remoteAddress(StreamSocket s) {
        try {
            return s.remoteAddress();
        } catch (IOException e) {
            return null;
        }
    }
}
