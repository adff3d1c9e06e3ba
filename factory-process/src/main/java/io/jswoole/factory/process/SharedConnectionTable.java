package io.jswoole.factory.process;

import io.jswoole.ClientInfo;
import io.jswoole.ServerStats;
import io.jswoole.SocketType;
import io.jswoole.core.net.Heartbeat;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The connection table of process mode (Swoole's {@code connection_list}, sized by
 * {@code max_connection}), in a file of the server's run directory that the master maps read-write
 * and every worker maps read-only, so that a worker answers {@code exists}, {@code getClientInfo},
 * {@code getClientList} and {@code stats} without asking the master.
 *
 * <h2>Session ids</h2>
 * A session id ({@code fd}) names a slot and the slot's generation:
 * {@code fd = generation * capacity + slot + 1}. A slot's generation advances each time the slot is
 * freed, so the fd of a closed connection stays dead when its slot is reused; it wraps to 0 before
 * {@code generation * capacity + capacity} would overflow an int. Slots are partitioned among the
 * reactor threads, reactor {@code r} owning the slots with {@code slot % reactorNum == r}, so
 * {@link #reactorOf(int, int, int)} tells which reactor thread owns a connection without a lookup.
 * Free slots are reused oldest first, so an fd recurs only after about
 * {@code 2^31 / reactorNum} connections on its reactor.
 *
 * <h2>Threading</h2>
 * Only the master writes. Each reactor thread allocates and frees slots of its own partition; the
 * free lists live in the master's heap, unsynchronized, so {@link #open(int, int, int, SocketType,
 * InetAddress, int, int, long)} and the {@code count*} methods for reactor {@code r}, and
 * {@link #close(int)}, {@link #touch(int, long)}, {@link #worker(int, int)}, {@link #uid(int, long)}
 * and {@link #remote(int, InetAddress, int)} for an fd of reactor {@code r}, <b>MUST</b> be called
 * on reactor {@code r}'s thread only. The readers ({@link #exists(int)}, {@link #info(int)}, {@link #list(int,
 * int)}, the counters) may be called from any thread of any process. A writer publishes a slot's fd
 * last, after the other fields, and clears it first when the slot is freed; a reader reads the fd
 * first and checks it again after the fields, so it never returns a half-written entry. The
 * client's address of an open slot changes once at most (a PROXY protocol header): the slot's
 * change count is odd while it changes, and a reader reads again when the count moved.
 *
 * <h2>File layout</h2>
 * Native byte order; the file is sparse, pages are touched only as slots are used.
 * <pre>
 * header   (64)  magic "JSCT" (4) | version (4) | capacity (4) | reactorNum (4) | slot size (4) | unused (4)
 *                | start time, seconds (8) | unused (32)
 * counters (64 per reactor, one cache line each, written by that reactor's thread only)
 *                live (8) | accepted (8) | closed (8) | requests (8) | aborted (8) | dispatched (8)
 *                | unused (16)
 * slots    (64 each, capacity of them)
 *                fd (4) | state (4: 0 free, 1 open) | workerId (4) | reactorId (2) | portId (2)
 *                | serverPort (2) | remotePort (2) | socket type (1) | ip length (1: 0, 4 or 16)
 *                | address changes (2)
 *                | connect time (8) | last time (8) | uid (8) | remote ip (16)
 * </pre>
 */
public final class SharedConnectionTable implements AutoCloseable {
    /** The table's file name in the run directory. */
    public static final String FILE = "connections";

    static final int HEADER = 64;
    static final int COUNTERS = 64;
    static final int SLOT = 64;

    private static final int MAGIC = 0x5443534A; // "JSCT" in little-endian order
    private static final int VERSION = 1;
    private static final int FREE = 0;
    private static final int OPEN = 1;

    private static final int H_MAGIC = 0;
    private static final int H_VERSION = 4;
    private static final int H_CAPACITY = 8;
    private static final int H_REACTORS = 12;
    private static final int H_SLOT = 16;
    private static final int H_START = 24;

    private static final int C_LIVE = 0;
    private static final int C_ACCEPTED = 8;
    private static final int C_CLOSED = 16;
    private static final int C_REQUESTS = 24;
    private static final int C_ABORTED = 32;
    private static final int C_DISPATCHED = 40;

    private static final int S_FD = 0;
    private static final int S_STATE = 4;
    private static final int S_WORKER = 8;
    private static final int S_REACTOR = 12;
    private static final int S_PORT_ID = 14;
    private static final int S_SERVER_PORT = 16;
    private static final int S_REMOTE_PORT = 18;
    private static final int S_TYPE = 20;
    private static final int S_IP_LENGTH = 21;
    private static final int S_CHANGES = 22;
    private static final int S_CONNECT = 24;
    private static final int S_LAST = 32;
    private static final int S_UID = 40;
    private static final int S_IP = 48;
    private static final int IP_BYTES = 16;
    /** How often {@link #info(int)} reads again a slot whose address is being changed. */
    private static final int READ_ATTEMPTS = 1000;

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final SocketType[] TYPES = SocketType.values();
    private static final byte[] NO_IP = new byte[0];
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%[\\w.-]+)?");

    private final FileChannel channel;
    private final ByteBuffer map;
    private final int capacity;
    private final int reactorNum;
    private final int slotsAt;
    private final int maxGeneration;
    /** Master only (null in a worker's view): each slot's current generation. */
    private final int[] generation;
    /** Master only (null in a worker's view): each reactor's free slots. */
    private final FreeSlots[] free;

    private SharedConnectionTable(FileChannel channel, ByteBuffer map, int capacity, int reactorNum, boolean master) {
        this.channel = channel;
        this.map = map.order(ByteOrder.nativeOrder());
        this.capacity = capacity;
        this.reactorNum = reactorNum;
        this.slotsAt = HEADER + reactorNum * COUNTERS;
        this.maxGeneration = maxGeneration(capacity);
        if (master) {
            generation = new int[capacity];
            free = new FreeSlots[reactorNum];
            for (int r = 0; r < reactorNum; r++) {
                free[r] = new FreeSlots(r, reactorNum, capacity);
            }
        } else {
            generation = null;
            free = null;
        }
    }

    /**
     * Creates the table in {@code runDir} (replacing any earlier one) for the master.
     *
     * @param capacity   {@code max_connection}: how many connections may be open at once
     * @param reactorNum {@code reactor_num}: each reactor thread gets {@code capacity / reactorNum}
     *                   slots (give or take one)
     */
    public static SharedConnectionTable create(Path runDir, int capacity, int reactorNum) throws IOException {
        if (reactorNum < 1 || reactorNum > Short.MAX_VALUE) {
            throw new IllegalArgumentException("reactor_num " + reactorNum + " outside 1.." + Short.MAX_VALUE);
        }
        if (capacity < reactorNum) {
            throw new IllegalArgumentException("max_connection " + capacity + " is below reactor_num " + reactorNum);
        }
        long size = fileSize(capacity, reactorNum);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("max_connection " + capacity + " is too large for one table");
        }
        FileChannel ch = FileChannel.open(runDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            // Mapping past the end extends the (empty) file without writing it, so it stays sparse.
            ByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, size).order(ByteOrder.nativeOrder());
            map.putInt(H_VERSION, VERSION);
            map.putInt(H_CAPACITY, capacity);
            map.putInt(H_REACTORS, reactorNum);
            map.putInt(H_SLOT, SLOT);
            map.putLong(H_START, System.currentTimeMillis() / 1000);
            INT.setRelease(map, H_MAGIC, MAGIC);
            return new SharedConnectionTable(ch, map, capacity, reactorNum, true);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Opens the table the master created in {@code runDir}, read-only (for a worker). */
    public static SharedConnectionTable open(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < HEADER || size > Integer.MAX_VALUE) {
                throw new IOException(file + " is not a connection table (" + size + " bytes)");
            }
            ByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.nativeOrder());
            if ((int) INT.getAcquire(map, H_MAGIC) != MAGIC || map.getInt(H_VERSION) != VERSION
                    || map.getInt(H_SLOT) != SLOT) {
                throw new IOException(file + " is not a connection table of this version");
            }
            int capacity = map.getInt(H_CAPACITY);
            int reactorNum = map.getInt(H_REACTORS);
            if (reactorNum < 1 || capacity < reactorNum || fileSize(capacity, reactorNum) != size) {
                throw new IOException(file + " has a damaged header (capacity " + capacity + ", reactor_num "
                        + reactorNum + ", " + size + " bytes)");
            }
            return new SharedConnectionTable(ch, map, capacity, reactorNum, false);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    static long fileSize(int capacity, int reactorNum) {
        return HEADER + (long) reactorNum * COUNTERS + (long) capacity * SLOT;
    }

    /** The largest generation for {@code capacity}, so that every fd stays a positive int. */
    static int maxGeneration(int capacity) {
        return (Integer.MAX_VALUE - capacity) / capacity;
    }

    static int nextGeneration(int generation, int capacity) {
        return generation >= maxGeneration(capacity) ? 0 : generation + 1;
    }

    /** The reactor thread that owns {@code fd} in a table of {@code capacity} slots. */
    public static int reactorOf(int fd, int capacity, int reactorNum) {
        if (fd <= 0 || capacity < 1 || reactorNum < 1) {
            throw new IllegalArgumentException("fd " + fd + ", capacity " + capacity + ", reactor_num " + reactorNum);
        }
        return ((fd - 1) % capacity) % reactorNum;
    }

    /** The reactor thread that owns {@code fd}. */
    public int reactorOf(int fd) {
        return reactorOf(fd, capacity, reactorNum);
    }

    /** {@code max_connection}: the number of slots. */
    public int capacity() {
        return capacity;
    }

    /** {@code reactor_num}: the number of slot partitions. */
    public int reactorNum() {
        return reactorNum;
    }

    // ---- master, reactor thread r ----

    /**
     * Records a connection accepted by reactor {@code reactorId}. <b>MUST</b> be called on that
     * reactor's thread. Does not count it: see {@link #countAccept(int)}.
     *
     * @param portId             the listening port's id
     * @param serverPort         the port it connected to (0 for Unix sockets)
     * @param remoteIp           the client's address, null for Unix sockets (an IPv6 scope is not kept)
     * @param remotePort         the client's port (0 for Unix sockets)
     * @param workerId           the worker that handles it
     * @param connectTimeSeconds when it was accepted; also its first last time
     * @return the new fd, or -1 when the reactor's partition is full (refuse the connection)
     */
    public int open(int reactorId, int portId, int serverPort, SocketType type, InetAddress remoteIp, int remotePort,
                    int workerId, long connectTimeSeconds) {
        requireMaster();
        checkReactor(reactorId);
        if (portId < 0 || portId > Short.MAX_VALUE) {
            throw new IllegalArgumentException("port id " + portId);
        }
        checkPort(serverPort);
        checkPort(remotePort);
        byte ordinal = (byte) type.ordinal();
        byte[] ip = remoteIp == null ? NO_IP : remoteIp.getAddress();
        int slot = free[reactorId].take();
        if (slot < 0) {
            return -1;
        }
        int fd = generation[slot] * capacity + slot + 1;
        int at = slotAt(slot);
        map.putInt(at + S_WORKER, workerId);
        map.putShort(at + S_REACTOR, (short) reactorId);
        map.putShort(at + S_PORT_ID, (short) portId);
        map.putChar(at + S_SERVER_PORT, (char) serverPort);
        map.putChar(at + S_REMOTE_PORT, (char) remotePort);
        map.put(at + S_TYPE, ordinal);
        map.put(at + S_IP_LENGTH, (byte) ip.length);
        map.putLong(at + S_CONNECT, connectTimeSeconds);
        map.putLong(at + S_LAST, connectTimeSeconds);
        map.putLong(at + S_UID, 0);
        map.put(at + S_IP, ip);
        INT.setRelease(map, at + S_STATE, OPEN);
        INT.setRelease(map, at + S_FD, fd);
        add(reactorId, C_LIVE, 1);
        return fd;
    }

    /**
     * As {@link #open(int, int, int, SocketType, InetAddress, int, int, long)}, with the client's
     * address as an IP literal ({@link InetAddress#getHostAddress()}'s form), or empty or null for
     * Unix sockets. Never looks a name up.
     *
     * @throws IllegalArgumentException if {@code remoteIp} is not an IP literal
     */
    public int open(int reactorId, int portId, int serverPort, SocketType type, String remoteIp, int remotePort,
                    int workerId, long connectTimeSeconds) {
        return open(reactorId, portId, serverPort, type, literal(remoteIp), remotePort, workerId, connectTimeSeconds);
    }

    /**
     * Clears {@code fd}'s slot and returns it to its reactor's free list. <b>MUST</b> be called on
     * the thread of {@link #reactorOf(int) fd's reactor}. Does not count it: see {@link #countClose(int)}.
     *
     * @return false (and nothing happens) if {@code fd} is not open
     */
    public boolean close(int fd) {
        requireMaster();
        int at = current(fd);
        if (at < 0) {
            return false;
        }
        int slot = (fd - 1) % capacity;
        INT.setRelease(map, at + S_FD, 0);
        // A reader that sees any of the clearing below must also see the fd gone.
        VarHandle.storeStoreFence();
        INT.setRelease(map, at + S_STATE, FREE);
        for (int i = S_WORKER; i < SLOT; i += 8) {
            map.putLong(at + i, 0);
        }
        generation[slot] = nextGeneration(generation[slot], capacity);
        int reactor = slot % reactorNum;
        free[reactor].put(slot);
        add(reactor, C_LIVE, -1);
        return true;
    }

    /**
     * Replaces the client's address and port of {@code fd} (with those of its PROXY protocol
     * header). <b>MUST</b> be called on the thread of fd's reactor.
     *
     * @return false if {@code fd} is not open
     */
    public boolean remote(int fd, InetAddress ip, int port) {
        requireMaster();
        checkPort(port);
        int at = current(fd);
        if (at < 0) {
            return false;
        }
        byte[] bytes = ip.getAddress();
        char changes = map.getChar(at + S_CHANGES);
        map.putChar(at + S_CHANGES, (char) (changes + 1));
        VarHandle.storeStoreFence(); // readers see the odd count before any of the new fields
        map.putChar(at + S_REMOTE_PORT, (char) port);
        map.put(at + S_IP_LENGTH, (byte) bytes.length);
        map.put(at + S_IP, bytes);
        VarHandle.storeStoreFence();
        map.putChar(at + S_CHANGES, (char) (changes + 2));
        return true;
    }

    /**
     * Records that data arrived on {@code fd}. <b>MUST</b> be called on the thread of fd's reactor.
     *
     * @return false if {@code fd} is not open
     */
    public boolean touch(int fd, long lastTimeSeconds) {
        requireMaster();
        int at = current(fd);
        if (at < 0) {
            return false;
        }
        LONG.setOpaque(map, at + S_LAST, lastTimeSeconds);
        return true;
    }

    /**
     * Records the worker that now handles {@code fd}. <b>MUST</b> be called on the thread of fd's
     * reactor.
     *
     * @return false if {@code fd} is not open
     */
    public boolean worker(int fd, int workerId) {
        requireMaster();
        int at = current(fd);
        if (at < 0) {
            return false;
        }
        INT.setOpaque(map, at + S_WORKER, workerId);
        return true;
    }

    /**
     * The worker last recorded for {@code fd} by {@link #worker(int, int)}, or -1 if none or
     * {@code fd} is not open. Any thread, any process.
     */
    public int workerOf(int fd) {
        if (fd <= 0) {
            return -1;
        }
        int at = slotAt((fd - 1) % capacity);
        if ((int) INT.getAcquire(map, at + S_FD) != fd) {
            return -1;
        }
        int workerId = (int) INT.getOpaque(map, at + S_WORKER);
        VarHandle.loadLoadFence();
        return (int) INT.getAcquire(map, at + S_FD) == fd ? workerId : -1;
    }

    /**
     * Records the uid bound to {@code fd} ({@code bind()}). <b>MUST</b> be called on the thread of
     * fd's reactor.
     *
     * @return false if {@code fd} is not open
     */
    public boolean uid(int fd, long uid) {
        requireMaster();
        int at = current(fd);
        if (at < 0) {
            return false;
        }
        LONG.setOpaque(map, at + S_UID, uid);
        return true;
    }

    /** Counts a connection accepted by reactor {@code reactorId}. <b>MUST</b> be called on that reactor's thread. */
    public void countAccept(int reactorId) {
        count(reactorId, C_ACCEPTED);
    }

    /** Counts a connection closed by reactor {@code reactorId}. <b>MUST</b> be called on that reactor's thread. */
    public void countClose(int reactorId) {
        count(reactorId, C_CLOSED);
    }

    /** Counts a packet received by reactor {@code reactorId}. <b>MUST</b> be called on that reactor's thread. */
    public void countRequest(int reactorId) {
        count(reactorId, C_REQUESTS);
    }

    /**
     * Counts a packet reactor {@code reactorId} handed to a worker. <b>MUST</b> be called on that
     * reactor's thread.
     */
    public void countDispatch(int reactorId) {
        count(reactorId, C_DISPATCHED);
    }

    /**
     * Counts a connection reactor {@code reactorId} closed for bad input. <b>MUST</b> be called on
     * that reactor's thread.
     */
    public void countAbort(int reactorId) {
        count(reactorId, C_ABORTED);
    }

    // ---- anyone ----

    /** Whether {@code fd} is open. Any thread, any process. */
    public boolean exists(int fd) {
        if (fd <= 0) {
            return false;
        }
        int at = slotAt((fd - 1) % capacity);
        return (int) INT.getAcquire(map, at + S_FD) == fd && (int) INT.getAcquire(map, at + S_STATE) == OPEN;
    }

    /** What the table knows about {@code fd}, or null if it is not open. Any thread, any process. */
    public ClientInfo info(int fd) {
        if (fd <= 0) {
            return null;
        }
        int at = slotAt((fd - 1) % capacity);
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            if ((int) INT.getAcquire(map, at + S_FD) != fd || (int) INT.getAcquire(map, at + S_STATE) != OPEN) {
                return null;
            }
            char changes = map.getChar(at + S_CHANGES);
            VarHandle.loadLoadFence();
            ClientInfo info = read(fd, at);
            VarHandle.loadLoadFence();
            if ((changes & 1) == 0 && map.getChar(at + S_CHANGES) == changes) {
                return info;
            }
            Thread.yield(); // the reactor thread is writing the address: a few stores
        }
        return null;
    }

    /** The fields of {@code fd}'s slot at {@code at}, or null if the fd changed meanwhile. */
    private ClientInfo read(int fd, int at) {
        int workerId = (int) INT.getOpaque(map, at + S_WORKER);
        int reactorId = map.getShort(at + S_REACTOR);
        int portId = map.getShort(at + S_PORT_ID);
        int serverPort = map.getChar(at + S_SERVER_PORT);
        int remotePort = map.getChar(at + S_REMOTE_PORT);
        int type = map.get(at + S_TYPE);
        int ipLength = map.get(at + S_IP_LENGTH);
        long connectTime = (long) LONG.getOpaque(map, at + S_CONNECT);
        long lastTime = (long) LONG.getOpaque(map, at + S_LAST);
        long uid = (long) LONG.getOpaque(map, at + S_UID);
        byte[] ip = new byte[IP_BYTES];
        map.get(at + S_IP, ip);
        // The fields above must all be read before the fd is checked again.
        VarHandle.loadLoadFence();
        if ((int) INT.getAcquire(map, at + S_FD) != fd) {
            return null;
        }
        return new ClientInfo(fd, serverPort, portId, TYPES[type], ipText(ip, ipLength), remotePort, reactorId,
                workerId, connectTime, lastTime, uid);
    }

    /**
     * The open fds greater than {@code startFd}, ascending, at most {@code pageSize} of them
     * ({@code getClientList}). Scans every slot. Any thread, any process.
     */
    public int[] list(int startFd, int pageSize) {
        if (pageSize <= 0) {
            return new int[0];
        }
        int[] found = new int[Math.min(capacity, 64)];
        int n = 0;
        for (int slot = 0, at = slotsAt; slot < capacity; slot++, at += SLOT) {
            int fd = (int) INT.getAcquire(map, at + S_FD);
            if (fd > startFd && fd > 0) {
                if (n == found.length) {
                    found = Arrays.copyOf(found, Math.min(capacity, n * 2));
                }
                found[n++] = fd;
            }
        }
        Arrays.sort(found, 0, n);
        return Arrays.copyOf(found, Math.min(n, pageSize));
    }

    /**
     * The open fds that {@code heartbeat} finds idle at {@code nowSeconds} (by each connection's
     * port and last time), ascending: {@code heartbeat()} in a worker. Scans every slot. Any
     * thread, any process.
     */
    public int[] idle(Heartbeat heartbeat, long nowSeconds) {
        if (!heartbeat.enabled()) {
            return new int[0];
        }
        int[] found = new int[8];
        int n = 0;
        for (int slot = 0, at = slotsAt; slot < capacity; slot++, at += SLOT) {
            int fd = (int) INT.getAcquire(map, at + S_FD);
            if (fd <= 0) {
                continue;
            }
            int portId = map.getShort(at + S_PORT_ID);
            long lastTime = (long) LONG.getOpaque(map, at + S_LAST);
            // The fields above must belong to this fd: check it again after reading them.
            VarHandle.loadLoadFence();
            if ((int) INT.getAcquire(map, at + S_FD) != fd || !heartbeat.isIdle(portId, lastTime, nowSeconds)) {
                continue;
            }
            if (n == found.length) {
                found = Arrays.copyOf(found, n * 2);
            }
            found[n++] = fd;
        }
        Arrays.sort(found, 0, n);
        return Arrays.copyOf(found, n);
    }

    /** How many connections are open now. Any thread, any process. */
    public int connectionCount() {
        return (int) Math.max(0, sum(C_LIVE));
    }

    /** Connections accepted since start, over every reactor. */
    public long accepted() {
        return sum(C_ACCEPTED);
    }

    /** Connections closed since start, over every reactor. */
    public long closed() {
        return sum(C_CLOSED);
    }

    /** Packets received since start, over every reactor. */
    public long requests() {
        return sum(C_REQUESTS);
    }

    /** Connections closed for bad input since start, over every reactor. */
    public long aborted() {
        return sum(C_ABORTED);
    }

    /** Packets handed to the workers since start, over every reactor. */
    public long dispatched() {
        return sum(C_DISPATCHED);
    }

    /** When the table was created (the server started), in seconds since the epoch. */
    public long startTime() {
        return map.getLong(H_START);
    }

    /** The server's {@code stats()}, from these counters and what only the caller knows. */
    public ServerStats stats(int workerNum, int taskWorkerNum) {
        return new ServerStats(startTime(), connectionCount(), accepted(), closed(), requests(), workerNum,
                taskWorkerNum, 0, aborted(), 0, 0, 0, 0, 0, 0, dispatched());
    }

    /** Closes the file; the mapping itself goes when it is garbage collected. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    // ---- internals ----

    /** The offset of {@code fd}'s slot if it is open, else -1 (master only: plain read of its own writes). */
    private int current(int fd) {
        if (fd <= 0) {
            return -1;
        }
        int at = slotAt((fd - 1) % capacity);
        return (int) INT.get(map, at + S_FD) == fd ? at : -1;
    }

    private int slotAt(int slot) {
        return slotsAt + slot * SLOT;
    }

    private void count(int reactorId, int field) {
        requireMaster();
        checkReactor(reactorId);
        add(reactorId, field, 1);
    }

    /** Single writer per counter, so a plain read-modify-write published in order is enough. */
    private void add(int reactorId, int field, long delta) {
        int at = HEADER + reactorId * COUNTERS + field;
        LONG.setRelease(map, at, (long) LONG.getOpaque(map, at) + delta);
    }

    private long sum(int field) {
        long sum = 0;
        for (int r = 0; r < reactorNum; r++) {
            sum += (long) LONG.getOpaque(map, HEADER + r * COUNTERS + field);
        }
        return sum;
    }

    private void requireMaster() {
        if (free == null) {
            throw new IllegalStateException("this connection table was opened read-only; only the master writes it");
        }
    }

    private void checkReactor(int reactorId) {
        if (reactorId < 0 || reactorId >= reactorNum) {
            throw new IllegalArgumentException("reactor id " + reactorId + " outside 0.." + (reactorNum - 1));
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " outside 0..65535");
        }
    }

    private static InetAddress literal(String ip) {
        if (ip == null || ip.isEmpty()) {
            return null;
        }
        // InetAddress.getByName parses these without a lookup; anything else could go to DNS.
        if (!IPV4.matcher(ip).matches() && !IPV6.matcher(ip).matches()) {
            throw new IllegalArgumentException("not an IP address: " + ip);
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }

    private static String ipText(byte[] ip, int length) {
        if (length != 4 && length != IP_BYTES) {
            return "";
        }
        try {
            return InetAddress.getByAddress(length == 4 ? Arrays.copyOf(ip, 4) : ip).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only thrown for a length other than 4 or 16
        }
    }

    /** One reactor's free slots, oldest first, used by that reactor's thread only. */
    private static final class FreeSlots {
        private final int[] ring;
        private int head;
        private int count;

        FreeSlots(int reactorId, int reactorNum, int capacity) {
            ring = new int[(capacity - reactorId + reactorNum - 1) / reactorNum];
            for (int i = 0; i < ring.length; i++) {
                ring[i] = reactorId + i * reactorNum;
            }
            count = ring.length;
        }

        int take() {
            if (count == 0) {
                return -1;
            }
            int slot = ring[head];
            head = head + 1 == ring.length ? 0 : head + 1;
            count--;
            return slot;
        }

        void put(int slot) {
            int i = head + count;
            ring[i >= ring.length ? i - ring.length : i] = slot;
            count++;
        }
    }
}
