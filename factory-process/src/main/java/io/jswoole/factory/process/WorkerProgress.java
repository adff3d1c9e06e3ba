package io.jswoole.factory.process;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How far each worker has got with the messages of each reactor thread, in a file of the run
 * directory that the master and the workers map: a worker adds one to its count for reactor
 * {@code r} each time it has handled a message from that reactor's pipe (for a packet: once
 * {@code onReceive} has returned). A reactor thread numbers the messages it writes to a worker's
 * pipe, so when the worker dies it knows which were handed to it and never finished.
 *
 * <p>Each worker id has two banks, so that a successor starting while its predecessor still runs
 * (a reload) or before the master has read its dead predecessor's counts does not overwrite them:
 * a worker takes the bank not held by a live process, the older one if both are free, and says
 * hello with its pid so the master knows which bank is its.
 *
 * <pre>
 * per worker id, 2 banks: pid (8) | generation (8) | finished messages per reactor thread (8 each)
 * </pre>
 *
 * Each count is written by its worker alone (release) and read by one reactor thread (acquire).
 */
final class WorkerProgress implements AutoCloseable {
    static final String FILE = "progress";
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final FileChannel channel;
    private final MappedByteBuffer map;
    private final int workers;
    private final int reactors;
    private final int bankSize;

    private WorkerProgress(FileChannel channel, int workers, int reactors) throws IOException {
        this.channel = channel;
        this.workers = workers;
        this.reactors = reactors;
        this.bankSize = 16 + 8 * reactors;
        this.map = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) workers * 2 * bankSize);
    }

    /** Creates the (zeroed) file for {@code workers} worker ids and {@code reactors} reactor threads; the master. */
    static WorkerProgress create(Path runDir, int workers, int reactors) throws IOException {
        return new WorkerProgress(FileChannel.open(runDir.resolve(FILE), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), workers, reactors);
    }

    /** Opens the master's file; a worker, with the same figures as the master. */
    static WorkerProgress open(Path runDir, int workers, int reactors) throws IOException {
        return new WorkerProgress(FileChannel.open(runDir.resolve(FILE), StandardOpenOption.READ,
                StandardOpenOption.WRITE), workers, reactors);
    }

    /**
     * Takes a bank of {@code worker} for this process ({@code pid}), with every count at 0: the one
     * not held by a live process, the older if both are free. Returns the bank.
     */
    int claim(int worker, long pid) {
        int a = bank(worker, 0);
        int b = bank(worker, 1);
        boolean aFree = !alive((long) LONG.getVolatile(map, a));
        boolean bFree = !alive((long) LONG.getVolatile(map, b));
        long genA = (long) LONG.getVolatile(map, a + 8);
        long genB = (long) LONG.getVolatile(map, b + 8);
        int chosen = aFree != bFree ? (aFree ? 0 : 1) : (genA <= genB ? 0 : 1);
        int at = bank(worker, chosen);
        LONG.setVolatile(map, at, 0L); // not a valid owner while the counts are reset
        for (int r = 0; r < reactors; r++) {
            LONG.setVolatile(map, at + 16 + 8 * r, 0L);
        }
        LONG.setVolatile(map, at + 8, Math.max(genA, genB) + 1);
        LONG.setVolatile(map, at, pid);
        return chosen;
    }

    /** The bank {@code pid} claimed for {@code worker}, or -1 if neither bank is its (any more). */
    int bankOf(int worker, long pid) {
        if (pid <= 0 || worker < 0 || worker >= workers) {
            return -1;
        }
        for (int k = 0; k < 2; k++) {
            if ((long) LONG.getVolatile(map, bank(worker, k)) == pid) {
                return k;
            }
        }
        return -1;
    }

    /** Records that {@code worker} (in its {@code bank}) has handled {@code count} messages from reactor {@code reactor}. */
    void publish(int worker, int bank, int reactor, long count) {
        LONG.setRelease(map, bank(worker, bank) + 16 + 8 * reactor, count);
    }

    /**
     * The messages from {@code reactor} that {@code pid} has handled as {@code worker} in
     * {@code bank}; -1 if the bank now belongs to another process (its counts are lost).
     */
    long finished(int worker, int bank, int reactor, long pid) {
        int at = bank(worker, bank);
        long count = (long) LONG.getAcquire(map, at + 16 + 8 * reactor);
        return (long) LONG.getVolatile(map, at) == pid ? count : -1;
    }

    private int bank(int worker, int k) {
        return (worker * 2 + k) * bankSize;
    }

    private static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
