package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.ClientInfo;
import io.jswoole.ServerStats;
import io.jswoole.SocketType;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SharedConnectionTableTest {
    @TempDir
    Path dir;

    private static InetAddress ip(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }

    private static int open(SharedConnectionTable t, int reactor) throws IOException {
        return t.open(reactor, 0, 9501, SocketType.TCP, ip("127.0.0.1"), 40000, 0, 1);
    }

    @Test
    @Timeout(10)
    void openInfoCloseRoundTrip() throws IOException {
        try (SharedConnectionTable t = SharedConnectionTable.create(dir, 16, 1)) {
            int fd = t.open(0, 3, 9501, SocketType.TCP, ip("192.168.1.20"), 40001, 2, 1_700_000_000L);
            assertTrue(fd > 0);
            assertTrue(t.exists(fd));
            assertEquals(1, t.connectionCount());
            assertEquals(new ClientInfo(fd, 9501, 3, SocketType.TCP, "192.168.1.20", 40001, 0, 2, 1_700_000_000L,
                    1_700_000_000L, 0), t.info(fd));

            assertTrue(t.touch(fd, 1_700_000_005L));
            assertTrue(t.worker(fd, 3));
            assertTrue(t.uid(fd, 42L));
            assertEquals(new ClientInfo(fd, 9501, 3, SocketType.TCP, "192.168.1.20", 40001, 0, 3, 1_700_000_000L,
                    1_700_000_005L, 42L), t.info(fd));

            assertTrue(t.close(fd));
            assertFalse(t.exists(fd));
            assertNull(t.info(fd));
            assertEquals(0, t.connectionCount());
            assertFalse(t.close(fd), "closing an fd that is not open is a no-op");
            assertFalse(t.touch(fd, 1));
            assertFalse(t.worker(fd, 1));
            assertFalse(t.uid(fd, 1));
            assertFalse(t.exists(0));
            assertFalse(t.exists(-5));
            assertNull(t.info(0));
        }
    }

    @Test
    @Timeout(10)
    void idleListsTheConnectionsPastTheirPortsIdleTime() throws IOException {
        io.jswoole.Server server = new io.jswoole.Server("127.0.0.1", 0);
        server.set(java.util.Map.of("heartbeat_check_interval", 1)); // port 0: idle after 2 s
        server.listen("127.0.0.1", 0, SocketType.TCP).set(java.util.Map.of("heartbeat_idle_time", 10));
        io.jswoole.core.net.Heartbeat heartbeat = io.jswoole.core.net.Heartbeat.of(server);
        try (SharedConnectionTable t = SharedConnectionTable.create(dir, 16, 2)) {
            int quiet = t.open(0, 0, 9501, SocketType.TCP, ip("127.0.0.1"), 40000, 0, 100);
            int talking = t.open(1, 0, 9501, SocketType.TCP, ip("127.0.0.1"), 40001, 0, 100);
            int patient = t.open(0, 1, 9502, SocketType.TCP, ip("127.0.0.1"), 40002, 0, 100);
            int gone = t.open(1, 0, 9501, SocketType.TCP, ip("127.0.0.1"), 40003, 0, 100);
            assertTrue(t.touch(talking, 104));
            assertTrue(t.close(gone));
            assertArrayEquals(new int[0], t.idle(heartbeat, 102), "2 s is not more than 2 s");
            assertArrayEquals(new int[] {quiet}, t.idle(heartbeat, 105));
            int[] later = t.idle(heartbeat, 111);
            Arrays.sort(later);
            int[] expected = {quiet, talking, patient};
            Arrays.sort(expected);
            assertArrayEquals(expected, later);
            try (SharedConnectionTable reader = SharedConnectionTable.open(dir)) {
                assertArrayEquals(new int[] {quiet}, reader.idle(heartbeat, 105), "a worker's read-only view");
            }
            assertArrayEquals(new int[0], t.idle(io.jswoole.core.net.Heartbeat.of(new io.jswoole.Server("127.0.0.1", 0)),
                    1_000), "no heartbeat, nothing idle");
        }
    }

    @Test
    @Timeout(10)
    void fdsEncodeTheirReactorAndNeverCollideAcrossPartitions() throws IOException {
        int capacity = 8;
        try (SharedConnectionTable t = SharedConnectionTable.create(dir, capacity, 2)) {
            Set<Integer> fds = new HashSet<>();
            Set<Integer> slots = new HashSet<>();
            for (int i = 0; i < capacity / 2; i++) {
                for (int r = 0; r < 2; r++) {
                    int fd = open(t, r);
                    assertTrue(fd > 0);
                    assertEquals(r, t.reactorOf(fd));
                    assertEquals(r, SharedConnectionTable.reactorOf(fd, capacity, 2));
                    assertEquals(r, t.info(fd).reactorId());
                    assertTrue(fds.add(fd), "fd " + fd + " given twice");
                    assertTrue(slots.add((fd - 1) % capacity));
                }
            }
            assertEquals(capacity, t.connectionCount());

            // Reuse: the slot's generation advances, so the old fd stays dead.
            int old = fds.iterator().next();
            int reactor = t.reactorOf(old);
            assertTrue(t.close(old));
            int reused = open(t, reactor);
            assertEquals(old + capacity, reused, "same slot, next generation");
            assertEquals(reactor, t.reactorOf(reused));
            assertFalse(t.exists(old));
            assertNull(t.info(old));
            assertFalse(t.close(old));
            assertTrue(t.exists(reused));
        }
    }

    @Test
    @Timeout(10)
    void freedSlotsAreReusedOldestFirst() throws IOException {
        try (SharedConnectionTable t = SharedConnectionTable.create(dir, 6, 2)) {
            int a = open(t, 0);
            int b = open(t, 0);
            assertTrue(t.close(a));
            int c = open(t, 0);
            assertEquals(5, c, "the never used slot 4 comes before the freed slot 0");
            assertTrue(t.close(b));
            assertEquals(1 + 6, open(t, 0), "then slot 0, freed first, in its next generation");
            assertEquals(3 + 6, open(t, 0));
        }
    }

    @Test
    @Timeout(10)
    void generationsWrapBeforeTheFdOverflows() {
        for (int capacity : new int[] {1, 7, 100_000, 1 << 20, Integer.MAX_VALUE / 3}) {
            int max = SharedConnectionTable.maxGeneration(capacity);
            long largest = (long) max * capacity + capacity;
            assertTrue(largest <= Integer.MAX_VALUE, "capacity " + capacity);
            assertTrue(largest + capacity > Integer.MAX_VALUE, "capacity " + capacity + " wastes a generation");
            assertEquals(max, SharedConnectionTable.nextGeneration(max - 1, capacity));
            assertEquals(0, SharedConnectionTable.nextGeneration(max, capacity));
            assertEquals(0, SharedConnectionTable.reactorOf((int) largest, capacity, 1));
        }
        assertEquals(1, SharedConnectionTable.reactorOf(2, 4, 2));
        assertEquals(0, SharedConnectionTable.reactorOf(4 + 3, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> SharedConnectionTable.reactorOf(0, 4, 2));
    }

    @Test
    @Timeout(10)
    void aFullPartitionRefuses() throws IOException {
        try (SharedConnectionTable t = SharedConnectionTable.create(dir, 4, 2)) {
            int a = open(t, 0);
            open(t, 0);
            assertEquals(-1, open(t, 0));
            assertEquals(2, t.connectionCount());
            int other = open(t, 1);
            assertTrue(other > 0, "the other reactor's partition still has room");
            assertTrue(t.close(a));
            assertTrue(open(t, 0) > 0);
        }
        // capacity not divisible by reactor_num: partitions of 3, 2 and 2 slots
        try (SharedConnectionTable t = SharedConnectionTable.create(dir, 7, 3)) {
            int[] room = new int[3];
            for (int r = 0; r < 3; r++) {
                while (open(t, r) > 0) {
                    room[r]++;
                }
            }
            assertArrayEquals(new int[] {3, 2, 2}, room);
            assertEquals(7, t.connectionCount());
        }
    }

    @Test
    @Timeout(10)
    void listPagesInAscendingOrder() throws IOException {
        try (SharedConnectionTable t = SharedConnectionTable.create(dir, 16, 2)) {
            List<Integer> open = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                open.add(open(t, i % 2));
            }
            // Reuse two slots so that some fds are in generation 1, larger than every other.
            for (int i = 0; i < 2; i++) {
                int fd = open.remove(0);
                t.close(fd);
            }
            for (int i = 0; i < 6; i++) {
                open.add(open(t, i % 2));
            }
            t.close(open.remove(3));
            List<Integer> expected = new ArrayList<>(open);
            expected.sort(null);
            assertTrue(expected.get(expected.size() - 1) > 16, "some fds come from a reused slot");

            List<Integer> paged = new ArrayList<>();
            int start = 0;
            for (int[] page; (page = t.list(start, 5)).length > 0; start = page[page.length - 1]) {
                assertTrue(page.length <= 5);
                for (int fd : page) {
                    paged.add(fd);
                }
            }
            assertEquals(expected, paged);
            assertArrayEquals(new int[] {expected.get(0), expected.get(1)}, t.list(0, 2));
            assertArrayEquals(new int[0], t.list(0, 0));
            assertArrayEquals(new int[0], t.list(Integer.MAX_VALUE, 10));
            assertEquals(expected.size(), t.list(-1, 100).length);
        }
    }

    @Test
    @Timeout(10)
    void countersAreSummedOverReactors() throws IOException {
        long before = System.currentTimeMillis() / 1000;
        try (SharedConnectionTable t = SharedConnectionTable.create(dir, 30, 3)) {
            long after = System.currentTimeMillis() / 1000;
            assertTrue(t.startTime() >= before && t.startTime() <= after);
            for (int r = 0; r < 3; r++) {
                for (int i = 0; i <= r; i++) {
                    t.countAccept(r);
                    t.countRequest(r);
                    t.countRequest(r);
                    t.countDispatch(r);
                }
                t.countClose(r);
            }
            t.countAbort(2);
            open(t, 1);
            assertEquals(6, t.accepted());
            assertEquals(3, t.closed());
            assertEquals(12, t.requests());
            assertEquals(1, t.aborted());
            assertEquals(6, t.dispatched());
            assertEquals(new ServerStats(t.startTime(), 1, 6, 3, 12, 4, 2, 0, 1, 0, 0, 0, 0, 0, 0, 6), t.stats(4, 2));
            assertThrows(IllegalArgumentException.class, () -> t.countAccept(3));
        }
    }

    @Test
    @Timeout(10)
    void aWorkerSeesTheMastersWrites() throws IOException {
        try (SharedConnectionTable master = SharedConnectionTable.create(dir, 10, 2);
             SharedConnectionTable worker = SharedConnectionTable.open(dir)) {
            assertEquals(10, worker.capacity());
            assertEquals(2, worker.reactorNum());
            assertEquals(master.startTime(), worker.startTime());

            int fd = master.open(1, 0, 9501, SocketType.TCP6, ip("::1"), 50000, 1, 7);
            assertTrue(worker.exists(fd));
            assertEquals(master.info(fd), worker.info(fd));
            assertEquals(1, worker.reactorOf(fd));
            master.uid(fd, 99);
            assertEquals(99, worker.info(fd).uid());
            master.countAccept(1);
            master.countRequest(0);
            assertEquals(1, worker.accepted());
            assertEquals(1, worker.requests());
            assertEquals(1, worker.connectionCount());
            assertArrayEquals(new int[] {fd}, worker.list(0, 10));

            master.close(fd);
            assertFalse(worker.exists(fd));
            assertNull(worker.info(fd));
            assertEquals(0, worker.connectionCount());

            assertThrows(IllegalStateException.class, () -> open(worker, 0));
            assertThrows(IllegalStateException.class, () -> worker.close(fd));
            assertThrows(IllegalStateException.class, () -> worker.countAccept(0));
        }
    }

    @Test
    @Timeout(10)
    void openRejectsWhatIsNotATable() throws IOException {
        assertThrows(IOException.class, () -> SharedConnectionTable.open(dir));
        Files.write(dir.resolve(SharedConnectionTable.FILE), new byte[4096]);
        assertThrows(IOException.class, () -> SharedConnectionTable.open(dir));
        assertThrows(IllegalArgumentException.class, () -> SharedConnectionTable.create(dir, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> SharedConnectionTable.create(dir, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> SharedConnectionTable.create(dir, 40_000_000, 1));
    }

    @Test
    @Timeout(10)
    void ipv4Ipv6AndUnixAddresses() throws IOException {
        try (SharedConnectionTable t = SharedConnectionTable.create(dir, 10, 1);
             SharedConnectionTable worker = SharedConnectionTable.open(dir)) {
            String[] literals = {"10.1.2.3", "::1", "2001:db8::ff00:42:8329", "fe80::1", "255.255.255.255"};
            for (String literal : literals) {
                String expected = ip(literal).getHostAddress();
                int fd = t.open(0, 0, 9501, SocketType.TCP6, ip(literal), 1234, 0, 1);
                assertEquals(expected, worker.info(fd).remoteIp(), literal);
                int byText = t.open(0, 0, 9501, SocketType.TCP6, literal, 1234, 0, 1);
                assertEquals(expected, worker.info(byText).remoteIp(), literal);
                t.close(fd);
                t.close(byText);
            }
            int unix = t.open(0, 1, 0, SocketType.UNIX_STREAM, (InetAddress) null, 0, 0, 1);
            ClientInfo info = worker.info(unix);
            assertEquals("", info.remoteIp());
            assertEquals(SocketType.UNIX_STREAM, info.socketType());
            assertEquals(0, info.serverPort());
            assertEquals("", worker.info(t.open(0, 1, 0, SocketType.UNIX_DGRAM, "", 0, 0, 1)).remoteIp());

            int free = t.connectionCount();
            assertThrows(IllegalArgumentException.class,
                    () -> t.open(0, 0, 9501, SocketType.TCP, "localhost", 1, 0, 1));
            assertThrows(IllegalArgumentException.class,
                    () -> t.open(0, 0, 9501, SocketType.TCP, "1.2.3.400", 1, 0, 1));
            assertThrows(IllegalArgumentException.class,
                    () -> t.open(0, 0, 9501, SocketType.TCP, "1:2:3", 1, 0, 1));
            assertThrows(IllegalArgumentException.class,
                    () -> t.open(0, 0, 65536, SocketType.TCP, ip("127.0.0.1"), 1, 0, 1));
            assertThrows(IllegalArgumentException.class,
                    () -> t.open(1, 0, 9501, SocketType.TCP, ip("127.0.0.1"), 1, 0, 1));
            assertEquals(free, t.connectionCount(), "a rejected open takes no slot");
            assertEquals(65535, worker.info(t.open(0, 0, 65535, SocketType.UDP, ip("127.0.0.1"), 65535, 0, 1))
                    .remotePort());
        }
    }

    @Test
    @Timeout(20)
    void aLargeTableIsSparseAndUsable() throws IOException {
        int capacity = 100_000;
        try (SharedConnectionTable t = SharedConnectionTable.create(dir, capacity, 4);
             SharedConnectionTable worker = SharedConnectionTable.open(dir)) {
            Path file = dir.resolve(SharedConnectionTable.FILE);
            assertEquals(64 + 4 * 64 + (long) capacity * 64, Files.size(file));
            assertEquals(capacity, worker.capacity());
            int last = -1;
            for (int i = 0; i < capacity / 4; i++) {
                last = open(t, 3);
            }
            assertEquals(capacity, last, "reactor 3's last slot is the table's last");
            assertEquals(-1, open(t, 3));
            assertTrue(worker.exists(last));
            assertEquals(capacity / 4, worker.connectionCount());
            assertEquals(capacity / 4, worker.list(0, capacity).length);
        }
    }

    /**
     * One reactor thread opens and closes continuously while a reader in another mapping reads
     * entries whose every field encodes the fd: a torn or stale entry shows as a mismatch.
     */
    @Test
    @Timeout(60)
    void aReaderNeverSeesAHalfWrittenEntry() throws Exception {
        int capacity = 64;
        int iterations = 1_000_000;
        try (SharedConnectionTable master = SharedConnectionTable.create(dir, capacity, 1);
             SharedConnectionTable reader = SharedConnectionTable.open(dir)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    ArrayDeque<Integer> live = new ArrayDeque<>();
                    // Slots are reused oldest first, so with fewer live connections than slots
                    // the n-th connection (from 0) gets slot n % capacity in generation
                    // n / capacity: its fd is n + 1, known before open().
                    for (int fd = 1; !stop.get(); fd++) {
                        if (live.size() >= capacity / 2) {
                            master.close(live.removeFirst());
                        }
                        int got = master.open(0, fd & 0x7FFF, fd & 0xFFFF, SocketType.TCP, encodeIp(fd),
                                (fd * 7) & 0xFFFF, fd, fd);
                        assertEquals(fd, got);
                        master.uid(fd, fd);
                        live.addLast(fd);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "writer");
            writer.start();
            try {
                long reads = 0;
                long seen = 0;
                while (reads < iterations && failure.get() == null) {
                    int[] fds = reader.list(0, capacity);
                    int next = fds.length == 0 ? 1 : fds[fds.length - 1] + 1;
                    int[] candidates = Arrays.copyOf(fds, fds.length + 2);
                    candidates[fds.length] = next;
                    candidates[fds.length + 1] = next + 1;
                    for (int fd : candidates) {
                        reads++;
                        ClientInfo info = reader.info(fd);
                        if (info == null) {
                            continue;
                        }
                        seen++;
                        String entry = "fd " + fd + ": " + info;
                        assertEquals(fd, info.fd(), entry);
                        assertEquals(fd & 0x7FFF, info.serverSocket(), entry);
                        assertEquals(fd & 0xFFFF, info.serverPort(), entry);
                        assertEquals((fd * 7) & 0xFFFF, info.remotePort(), entry);
                        assertEquals(encodeIp(fd).getHostAddress(), info.remoteIp(), entry);
                        assertEquals(fd, info.workerId(), entry);
                        assertEquals(fd, info.connectTime(), entry);
                        assertEquals(fd, info.lastTime(), entry);
                        assertTrue(info.uid() == 0 || info.uid() == fd, entry);
                        assertEquals(SocketType.TCP, info.socketType(), entry);
                        assertEquals(0, info.reactorId(), entry);
                    }
                }
                assertTrue(seen > 0, "the reader saw no open entry");
            } finally {
                stop.set(true);
                writer.join(TimeUnit.SECONDS.toMillis(10));
            }
            if (failure.get() != null) {
                throw new AssertionError("writer failed", failure.get());
            }
        }
    }

    @Test
    @Timeout(10)
    void remoteReplacesTheClientsAddress() throws IOException {
        try (SharedConnectionTable t = SharedConnectionTable.create(dir, 16, 1);
             SharedConnectionTable reader = SharedConnectionTable.open(dir)) {
            int fd = open(t, 0);
            assertTrue(t.remote(fd, ip("2001:db8::7"), 65535));
            ClientInfo info = reader.info(fd);
            assertEquals("2001:db8:0:0:0:0:0:7", info.remoteIp());
            assertEquals(65535, info.remotePort());
            assertTrue(t.remote(fd, ip("192.0.2.1"), 1));
            assertEquals("192.0.2.1", reader.info(fd).remoteIp());
            assertTrue(t.close(fd));
            assertFalse(t.remote(fd, ip("192.0.2.1"), 1), "not open");
            int next = open(t, 0);
            assertEquals("127.0.0.1", reader.info(next).remoteIp(), "a reused slot starts with its own address");
        }
    }

    /** A reader never sees one address's IP with another's port while the master changes it. */
    @Test
    @Timeout(30)
    void aReaderNeverSeesHalfAChangedAddress() throws Exception {
        try (SharedConnectionTable master = SharedConnectionTable.create(dir, 4, 1);
             SharedConnectionTable reader = SharedConnectionTable.open(dir)) {
            int fd = open(master, 0);
            InetAddress[] ips = {ip("10.0.0.1"), ip("2001:db8::2")};
            int[] ports = {1111, 2222};
            master.remote(fd, ips[0], ports[0]);
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    master.remote(fd, ips[i & 1], ports[i & 1]);
                }
            }, "writer");
            writer.start();
            int whole = 0;
            try {
                // Reads for a bounded time: a reader that meets a change yields, which takes long on a busy machine.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                for (int i = 0; i < 200_000 && System.nanoTime() - deadline < 0; i++) {
                    ClientInfo info = reader.info(fd);
                    if (info == null) {
                        continue; // a reader that keeps meeting a change gives up: never half of one
                    }
                    whole++;
                    int which = info.remotePort() == ports[0] ? 0 : 1;
                    assertEquals(ports[which], info.remotePort(), info.toString());
                    assertEquals(ips[which].getHostAddress(), info.remoteIp(), info.toString());
                }
            } finally {
                stop.set(true);
                writer.join(TimeUnit.SECONDS.toMillis(10));
            }
            assertTrue(whole > 0, "no read saw a whole address");
        }
    }

    private static InetAddress encodeIp(int fd) {
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) (fd >> 16), (byte) (fd >> 8), (byte) fd});
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Timeout(10)
    void distinctFdsStayDistinctOverManyReuses() throws IOException {
        try (SharedConnectionTable t = SharedConnectionTable.create(dir, 4, 2)) {
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                int fd = open(t, i % 2);
                assertNotEquals(-1, fd);
                assertTrue(seen.add(fd), "fd " + fd + " repeated");
                assertTrue(t.close(fd));
            }
        }
    }
}
