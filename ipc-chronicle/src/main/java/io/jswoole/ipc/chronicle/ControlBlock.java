package io.jswoole.ipc.chronicle;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One page of shared memory per link, mapped by both processes, holding what the two sides tell
 * each other without a system call. Per direction ({@link #UP}: connecting side to listening
 * side, {@link #DOWN}: back):
 *
 * <pre>
 *   sleeping  int   1 while the reader is (about to be) blocked in its poller: the writer must ring
 *   read      long  bytes the reader has taken (message headers and payloads): the writer's push-back
 *   rings     long  doorbell bytes the writer has sent, counted before each is written
 *   roomAt    long  0, or the count of bytes read at which a writer waiting for room wants one byte back
 *   published long  bytes the writer has published (whole documents): the reader looks no further,
 *                   so a writer that died while creating a queue file never makes it wait for that file
 *   ringRead  long  the position in the direction's {@link PayloadRing} up to which the reader is done
 *   ringPublished long  the position in the ring up to which the writer has published messages and marks
 *   ringJump  long  a position at which the reader goes on at the start of the file (the writer went
 *                   back there when the reader had taken everything), or 0
 * </pre>
 *
 * plus the number of ends still open and each side's pid. Each direction sits on its own cache
 * lines. All fields are accessed through VarHandles with volatile or release/acquire semantics.
 */
final class ControlBlock {
    /** The connecting side's outbound direction. */
    static final int UP = 0;
    /** The listening side's outbound direction. */
    static final int DOWN = 1;
    /** The control file's size. */
    static final int SIZE = 4096;

    private static final int MAGIC = 0x4a534351; // "JSCQ"
    private static final int VERSION = 3;
    private static final int OFF_MAGIC = 0;
    private static final int OFF_VERSION = 4;
    private static final int OFF_ENDS_OPEN = 8;
    private static final int OFF_PID = 16; // + 8 * side (0 connecting, 1 listening)
    private static final int DIRECTION_BASE = 128;
    private static final int DIRECTION_STRIDE = 512;
    private static final int SLEEPING = 0;
    private static final int READ = 64;
    private static final int RINGS = 128;
    private static final int ROOM_AT = 192;
    private static final int PUBLISHED = 256;
    private static final int RING_READ = 320;
    private static final int RING_PUBLISHED = 384;
    private static final int RING_JUMP = 448;

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final MappedByteBuffer page;

    private ControlBlock(MappedByteBuffer page) {
        this.page = page;
    }

    /** Creates the control file of a new link: both readers asleep (nobody has looked yet), two ends open. */
    static ControlBlock create(Path file, long connectingPid) throws IOException {
        ControlBlock c = new ControlBlock(map(file, StandardOpenOption.CREATE_NEW));
        for (int d = UP; d <= DOWN; d++) {
            INT.setVolatile(c.page, at(d, SLEEPING), 1);
        }
        LONG.setVolatile(c.page, OFF_PID, connectingPid);
        INT.setVolatile(c.page, OFF_ENDS_OPEN, 2);
        INT.setVolatile(c.page, OFF_VERSION, VERSION);
        INT.setVolatile(c.page, OFF_MAGIC, MAGIC);
        return c;
    }

    /** Opens the control file the connecting side created. */
    static ControlBlock open(Path file, long listeningPid) throws IOException {
        ControlBlock c = new ControlBlock(map(file));
        int magic = (int) INT.getVolatile(c.page, OFF_MAGIC);
        int version = (int) INT.getVolatile(c.page, OFF_VERSION);
        if (magic != MAGIC || version != VERSION) {
            throw new IOException("not a chronicle pipe control file (magic " + Integer.toHexString(magic)
                    + ", version " + version + "): " + file);
        }
        LONG.setVolatile(c.page, OFF_PID + 8, listeningPid);
        return c;
    }

    private static MappedByteBuffer map(Path file, StandardOpenOption... extra) throws IOException {
        java.util.Set<StandardOpenOption> options = new java.util.HashSet<>(
                java.util.List.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        options.addAll(java.util.List.of(extra));
        try (FileChannel ch = FileChannel.open(file, options)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE); // grows a new file to SIZE
        }
    }

    private static int at(int direction, int field) {
        return DIRECTION_BASE + direction * DIRECTION_STRIDE + field;
    }

    /** The reader of {@code direction} says it is going to sleep; a full fence follows, before its last look. */
    void sleep(int direction) {
        INT.setVolatile(page, at(direction, SLEEPING), 1);
        VarHandle.fullFence();
    }

    /** The reader found work after all; false if a writer took the flag first (its doorbell byte is on its way). */
    boolean wake(int direction) {
        return INT.compareAndSet(page, at(direction, SLEEPING), 1, 0);
    }

    /**
     * The writer of {@code direction}, after publishing messages: true if the reader sleeps and
     * this call took the flag, so the caller must ring (and counts the ring first).
     */
    boolean takeSleeper(int direction) {
        VarHandle.fullFence(); // the messages before the look at the flag
        int at = at(direction, SLEEPING);
        if ((int) INT.getVolatile(page, at) == 0 || !INT.compareAndSet(page, at, 1, 0)) {
            return false;
        }
        LONG.getAndAdd(page, at(direction, RINGS), 1L);
        return true;
    }

    boolean sleeping(int direction) {
        return (int) INT.getVolatile(page, at(direction, SLEEPING)) != 0;
    }

    /** Doorbell bytes sent (or about to be) in {@code direction}. */
    long rings(int direction) {
        return (long) LONG.getVolatile(page, at(direction, RINGS));
    }

    /**
     * The writer of {@code direction} waits for room: it wants a byte on the doorbell once the
     * reader has taken {@code readTotal} bytes (1 or more). A full fence follows, before the
     * writer's last look at {@link #bytesRead(int)}.
     */
    void wantRoom(int direction, long readTotal) {
        LONG.setVolatile(page, at(direction, ROOM_AT), Math.max(1L, readTotal));
        VarHandle.fullFence();
    }

    /** The writer of {@code direction} found room after all: withdraws its request if nobody took it yet. */
    void withdrawRoomRequest(int direction) {
        int at = at(direction, ROOM_AT);
        long wanted = (long) LONG.getVolatile(page, at);
        if (wanted != 0) {
            LONG.compareAndSet(page, at, wanted, 0L);
        }
    }

    /**
     * The reader of {@code direction}, having taken {@code readTotal} bytes: true if a writer waits
     * for room that is there now and this call took the request, so the caller must ring it. A
     * full fence comes first: the reader's count before its look at the request.
     */
    boolean takeRoomRequest(int direction, long readTotal) {
        VarHandle.fullFence();
        int at = at(direction, ROOM_AT);
        long wanted = (long) LONG.getAcquire(page, at);
        return wanted != 0 && readTotal >= wanted && LONG.compareAndSet(page, at, wanted, 0L);
    }

    void bytesRead(int direction, long total) {
        LONG.setRelease(page, at(direction, READ), total);
    }

    long bytesRead(int direction) {
        return (long) LONG.getAcquire(page, at(direction, READ));
    }

    /** The writer of {@code direction} has published {@code total} bytes, each document whole. */
    void published(int direction, long total) {
        LONG.setRelease(page, at(direction, PUBLISHED), total);
    }

    long published(int direction) {
        return (long) LONG.getAcquire(page, at(direction, PUBLISHED));
    }

    /** The reader of {@code direction} is done with its ring up to {@code position}: the writer may use it again. */
    void ringRead(int direction, long position) {
        LONG.setRelease(page, at(direction, RING_READ), position);
    }

    long ringRead(int direction) {
        return (long) LONG.getAcquire(page, at(direction, RING_READ));
    }

    /** The writer of {@code direction} has published its ring up to {@code position}. */
    void ringPublished(int direction, long position) {
        LONG.setRelease(page, at(direction, RING_PUBLISHED), position);
    }

    long ringPublished(int direction) {
        return (long) LONG.getAcquire(page, at(direction, RING_PUBLISHED));
    }

    /** The writer of {@code direction} goes on at the start of its ring from {@code position}, where the reader is. */
    void ringJump(int direction, long position) {
        LONG.setRelease(page, at(direction, RING_JUMP), position);
    }

    long ringJump(int direction) {
        return (long) LONG.getAcquire(page, at(direction, RING_JUMP));
    }

    /** The pid of the connecting ({@code 0}) or listening ({@code 1}) side, 0 if not known yet. */
    long pid(int side) {
        return (long) LONG.getVolatile(page, OFF_PID + 8 * side);
    }

    /** One end closes; true if it was the last one open. */
    boolean closeEnd() {
        return (int) INT.getAndAdd(page, OFF_ENDS_OPEN, -1) == 1;
    }

    /** Unmaps the page in this process; nothing may be read or written through this block after. */
    void unmap() {
        CycleMapping.unmap(page);
    }
}
