package io.jswoole.supervision.metrics;

import io.jswoole.LatencyStats;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures of every process of a server, in a file each process maps beside the process table
 * (the same slots: 0 master, 1 manager, 2 + id for the others): a few connection counters, and
 * for each callback kind and port a histogram of how long the callback ran (and, in process mode,
 * how long packets waited for their callback). A process writes only
 * its own slot, with one atomic add per figure and no allocation; the admin endpoint and
 * {@code stats()} read any slot at any time, so a scrape costs the workers nothing.
 *
 * <p>The histograms have fixed buckets, those of an OpenMetrics histogram ({@link #BOUNDS_NANOS},
 * from 1 µs to 10 s, and one above), and are cumulative over the processes a slot has had: a worker
 * that is replaced leaves its counts to its successor's. The connection counters are the current
 * process's own, published by it (a replaced worker's start again from zero, which Prometheus
 * reads as a counter reset).
 *
 * <pre>
 * header: magic (8) | slots (8) | ports (8) | buckets (8) | reserved (32)
 * slot:   counters: connections open, accepted, closed, requests, aborted, dispatched, 2 reserved (8 each)
 *         then for each kind, for each port: sum of nanoseconds | one count per bucket
 * </pre>
 */
public final class ProcessMetrics implements AutoCloseable {
    public static final String FILE = "metrics";
    /** Callback kinds with a histogram. */
    public static final int RECEIVE = 0;
    public static final int PACKET = 1;
    public static final int TASK = 2;
    /**
     * Not a callback: in process mode, how long a packet waited between the reactor thread's turn
     * that read it and the start of its worker's callback.
     */
    public static final int DISPATCH_WAIT = 3;
    /** The kinds, as the metrics name them: the callbacks, then {@code dispatch}. */
    public static final String[] KIND_NAMES = {LatencyStats.ON_RECEIVE, LatencyStats.ON_PACKET, LatencyStats.ON_TASK,
        LatencyStats.DISPATCH};
    /** Upper bounds of the finite buckets, in nanoseconds: 1, 2.5, 5 per decade from 1 µs to 10 s. */
    public static final long[] BOUNDS_NANOS = bounds();
    /** The counters of a slot, in their order. */
    public static final String[] COUNTER_NAMES = {"connection_num", "accept_count", "close_count", "request_count",
        "abort_count", "dispatch_count"};

    private static final long MAGIC = 0x6a73776f6f6c6d32L; // "jswoolm2"
    private static final int HEADER_LONGS = 8;
    private static final int COUNTER_LONGS = 8;
    private static final int BUCKETS = BOUNDS_NANOS.length + 1;
    private static final int SERIES_LONGS = 1 + BUCKETS;
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final FileChannel channel;
    private final MappedByteBuffer map;
    private final int slots;
    private final int ports;

    private ProcessMetrics(FileChannel channel, MappedByteBuffer map, int slots, int ports) {
        this.channel = channel;
        this.map = map;
        this.slots = slots;
        this.ports = ports;
    }

    private static long[] bounds() {
        long[] steps = {1_000, 2_500, 5_000};
        long[] b = new long[22];
        long scale = 1;
        for (int i = 0; i < b.length; i++) {
            b[i] = steps[i % 3] * scale;
            if (i % 3 == 2) {
                scale *= 10;
            }
        }
        return b;
    }

    /** Creates the file for {@code processes} worker ids (plus master and manager) and {@code ports} ports. */
    public static ProcessMetrics create(Path runDir, int processes, int ports) throws IOException {
        int slots = processes + 2;
        int p = Math.max(1, ports);
        long size = 8L * (HEADER_LONGS + (long) slots * slotLongs(p));
        FileChannel ch = FileChannel.open(runDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        LONG.set(map, 8, (long) slots);
        LONG.set(map, 16, (long) p);
        LONG.set(map, 24, (long) BUCKETS);
        LONG.setRelease(map, 0, MAGIC);
        return new ProcessMetrics(ch, map, slots, p);
    }

    /** Opens the file of a running server (read and write). */
    public static ProcessMetrics open(Path runDir) throws IOException {
        FileChannel ch = FileChannel.open(runDir.resolve(FILE), StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
            if (map.capacity() < 8 * HEADER_LONGS || (long) LONG.getAcquire(map, 0) != MAGIC
                    || (long) LONG.get(map, 24) != BUCKETS) {
                throw new IOException(runDir.resolve(FILE) + " is not a metrics file of this version");
            }
            int slots = (int) (long) LONG.get(map, 8);
            int ports = (int) (long) LONG.get(map, 16);
            if ((long) map.capacity() < 8L * (HEADER_LONGS + (long) slots * slotLongs(ports))) {
                throw new IOException(runDir.resolve(FILE) + " is shorter than its header says");
            }
            return new ProcessMetrics(ch, map, slots, ports);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static int slotLongs(int ports) {
        return COUNTER_LONGS + ProcessMetrics.KIND_NAMES.length * ports * SERIES_LONGS;
    }

    public int slots() {
        return slots;
    }

    public int ports() {
        return ports;
    }

    /**
     * The writer of {@code slot} in the metrics file of {@code runDir}, for a process of the server:
     * the mapping outlives the file channel, which is closed at once.
     */
    public static Recorder recorder(Path runDir, int slot) throws IOException {
        try (ProcessMetrics m = open(runDir)) {
            return m.recorder(slot);
        }
    }

    /** The writer of one process's slot. */
    public Recorder recorder(int slot) {
        checkSlot(slot);
        return new Recorder(slot);
    }

    /** The bucket of a duration: the first whose bound it does not exceed, or the last (above every bound). */
    static int bucket(long nanos) {
        long[] b = BOUNDS_NANOS;
        for (int i = 0; i < b.length; i++) {
            if (nanos <= b[i]) {
                return i;
            }
        }
        return b.length;
    }

    private int slotOffset(int slot) {
        return 8 * (HEADER_LONGS + slot * slotLongs(ports));
    }

    private int seriesOffset(int slot, int kind, int port) {
        return slotOffset(slot) + 8 * (COUNTER_LONGS + (kind * ports + port) * SERIES_LONGS);
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= slots) {
            throw new IllegalArgumentException("slot " + slot + " outside the metrics of " + slots + " processes");
        }
    }

    /** The counters of a slot, in the order of {@link #COUNTER_NAMES}. */
    public long[] counters(int slot) {
        checkSlot(slot);
        long[] c = new long[COUNTER_NAMES.length];
        int at = slotOffset(slot);
        for (int i = 0; i < c.length; i++) {
            c[i] = (long) LONG.getOpaque(map, at + 8 * i);
        }
        return c;
    }

    /**
     * A histogram as it is now: {@code buckets[i]} counts the durations in bucket i alone (not
     * cumulative), the last bucket those above every bound.
     */
    public record Histogram(long count, long sumNanos, long[] buckets) {
        /** The smallest bucket bound below which at least {@code q} of the durations lie, in nanoseconds; -1 above every bound. */
        public long quantileBound(double q) {
            long need = (long) Math.ceil(q * count);
            long seen = 0;
            for (int i = 0; i < buckets.length; i++) {
                seen += buckets[i];
                if (seen >= need && need > 0) {
                    return i < BOUNDS_NANOS.length ? BOUNDS_NANOS[i] : -1;
                }
            }
            return 0;
        }

        /**
         * The {@code q} quantile (0 &lt; q &le; 1) in nanoseconds, as Prometheus' {@code histogram_quantile}
         * estimates it: the bucket holding rank {@code q * count}, interpolated linearly between its lower
         * bound (0 for the first) and its upper bound; in the bucket above every bound, that lower bound.
         * 0 when nothing was counted.
         */
        public long quantile(double q) {
            if (!(q > 0 && q <= 1)) {
                throw new IllegalArgumentException("quantile " + q + " outside (0, 1]");
            }
            double rank = q * count;
            long below = 0;
            for (int i = 0; i < buckets.length; i++) {
                if (buckets[i] > 0 && below + buckets[i] >= rank) {
                    long lower = i == 0 ? 0 : BOUNDS_NANOS[i - 1];
                    if (i == BOUNDS_NANOS.length) {
                        return lower;
                    }
                    return Math.round(lower + (BOUNDS_NANOS[i] - lower) * ((rank - below) / buckets[i]));
                }
                below += buckets[i];
            }
            return 0;
        }

        /** The mean duration in nanoseconds, 0 when nothing was counted. */
        public long meanNanos() {
            return count == 0 ? 0 : Math.round((double) sumNanos / count);
        }

        /** This histogram and {@code other} together: counts, sums and buckets added. */
        public Histogram plus(Histogram other) {
            long[] b = buckets.clone();
            for (int i = 0; i < b.length; i++) {
                b[i] += other.buckets[i];
            }
            return new Histogram(count + other.count, sumNanos + other.sumNanos, b);
        }
    }

    /** One callback kind's histogram on one port of a slot. */
    public Histogram histogram(int slot, int kind, int port) {
        checkSlot(slot);
        int at = seriesOffset(slot, kind, port);
        long[] buckets = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = (long) LONG.getOpaque(map, at + 8 + 8 * i);
        }
        long sum = (long) LONG.getOpaque(map, at);
        long count = 0;
        for (long b : buckets) {
            count += b;
        }
        return new Histogram(count, sum, buckets);
    }

    /** One callback kind's histogram over the whole server: every slot, every port. */
    public Histogram histogram(int kind) {
        Histogram total = new Histogram(0, 0, new long[BUCKETS]);
        for (int slot = 0; slot < slots; slot++) {
            for (int port = 0; port < ports; port++) {
                total = total.plus(histogram(slot, kind, port));
            }
        }
        return total;
    }

    /** Writes one slot: a process's own figures. Any thread of that process. */
    public final class Recorder {
        private final int slot;

        private Recorder(int slot) {
            this.slot = slot;
        }

        /** Counts one callback of {@code kind} on {@code port} that ran {@code nanos}. */
        public void record(int kind, int port, long nanos) {
            int at = seriesOffset(slot, kind, port < ports ? port : 0);
            LONG.getAndAdd(map, at + 8 + 8 * bucket(nanos), 1L);
            LONG.getAndAdd(map, at, Math.max(0, nanos));
        }

        /**
         * Publishes this process's connection counters; {@code dispatched}: the packets it handed to
         * workers (a process-mode master), or those it received and handled itself (a base-mode worker).
         */
        public void counters(int open, long accepted, long closed, long requests, long aborted, long dispatched) {
            int at = slotOffset(slot);
            LONG.setOpaque(map, at, (long) open);
            LONG.setOpaque(map, at + 8, accepted);
            LONG.setOpaque(map, at + 16, closed);
            LONG.setOpaque(map, at + 24, requests);
            LONG.setOpaque(map, at + 32, aborted);
            LONG.setOpaque(map, at + 40, dispatched);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
