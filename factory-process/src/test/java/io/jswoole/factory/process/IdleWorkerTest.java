package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.Server;
import io.jswoole.testing.Clients;
import io.jswoole.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dispatch_mode 3 (idle worker) in process mode: a worker is busy from the moment a packet is
 * dispatched to it until it has handled it, across reactor threads, so no packet waits behind
 * another while a worker is free.
 */
@Timeout(180)
class IdleWorkerTest {
    private static final Pattern STARTED = Pattern.compile("onWorkerStart (\\d+) pid (\\d+)");
    private static final Pattern WORKER = Pattern.compile("worker=(\\d+)");
    private static final Pattern WORK = Pattern.compile("worker=(\\d+) sent=(-?\\d+) start=(-?\\d+) end=(-?\\d+)");

    @TempDir
    Path dir;

    /**
     * Lines in, lines out: {@code hi} is answered with the worker's id; {@code work T} sleeps
     * 10 ms and answers with the worker, T and the callback's start and end ({@code System.nanoTime},
     * the system's monotonic clock, comparable between processes on Linux).
     */
    public static final class App {
        private App() {
        }

        public static void main(String[] args) {
            Map<String, Object> settings = new HashMap<>(Map.of("mode", "process", "dispatch_mode", 3,
                    "open_eof_split", true, "package_eof", "\n"));
            for (String a : args) {
                String[] kv = a.split("=", 2);
                settings.put(kv[0], kv[1]);
            }
            Server server = new Server("127.0.0.1", 0);
            server.set(settings);
            server.onReceive((s, fd, r, data) -> {
                String line = new String(data, StandardCharsets.UTF_8).trim();
                if (line.startsWith("work ")) {
                    long start = System.nanoTime();
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    long end = System.nanoTime();
                    s.send(fd, "worker=" + s.getWorkerId() + " sent=" + line.substring(5) + " start=" + start
                            + " end=" + end + "\n");
                } else {
                    s.send(fd, "worker=" + s.getWorkerId() + "\n");
                }
            });
            server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id + " pid " + s.getWorkerPid()));
            server.start();
        }
    }

    /**
     * Workers 0 and 1 are stopped (SIGSTOP), so a packet handed to one of them stays unhandled:
     * each may take one packet, after which it is busy, and every other packet goes to worker 2,
     * whichever reactor thread reads it. Once they continue, all three are idle again.
     */
    @Test
    void aWorkerWithAPacketInFlightGetsNoOtherWhileAnotherIsIdle() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, App.class, "worker_num=3", "reactor_num=2")) {
            Map<Integer, Long> pids = workerPids(server, 3);
            int port = server.port();
            assertEquals(Set.of(0, 1, 2), answeredBy(port, 30), "every worker answers (and has run its first callback)");
            List<Client> waiting = new ArrayList<>();
            try {
                signal("STOP", pids.get(0));
                signal("STOP", pids.get(1));
                for (int i = 0; i < 8; i++) {
                    Client c = new Client(port);
                    c.send("hi");
                    Integer w = c.reply(5_000);
                    if (w == null) {
                        waiting.add(c); // handed to a stopped worker
                        assertTrue(waiting.size() <= 2, "packet " + i + " is the " + waiting.size()
                                + "th handed to a stopped worker: one already had a packet in flight");
                    } else {
                        assertEquals(2, w, "only worker 2 runs");
                        c.close();
                    }
                }
            } catch (Throwable e) {
                for (Client c : waiting) {
                    c.close();
                }
                throw e;
            } finally {
                signal("CONT", pids.get(0));
                signal("CONT", pids.get(1));
            }
            Set<Integer> late = new HashSet<>();
            try {
                for (Client c : waiting) {
                    Integer w = c.reply(10_000);
                    assertTrue(w != null && w != 2, "the packet waited for a stopped worker: " + w);
                    assertTrue(late.add(w), "worker " + w + " got two packets while stopped");
                }
            } finally {
                for (Client c : waiting) {
                    c.close();
                }
            }
            assertEquals(Set.of(0, 1, 2), answeredBy(port, 6), "the stopped workers' packets were handled: they count as idle again");
        }
    }

    /** The workers that answer {@code packets} packets sent one after another (mode 3: each takes its turn while idle). */
    private static Set<Integer> answeredBy(int port, int packets) throws IOException {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < packets && seen.size() < 3; i++) {
            try (Client c = new Client(port)) {
                c.send("hi");
                Integer w = c.reply(10_000);
                assertTrue(w != null, "an idle worker answers");
                seen.add(w);
            }
        }
        return seen;
    }

    /**
     * Four workers whose onReceive takes 10 ms and three closed-loop clients: a free worker always
     * exists, so no packet is handed to a worker before it finished the previous one. Each reply
     * says when its packet was sent and when its callback ran. A packet handed to a busy worker waits
     * in its pipe for the callback before it: it was sent about a whole callback (10 ms) before that
     * one ended, and its own callback starts right after. (A packet the master read late, after a
     * stall of the loaded machine, may also have been sent long before; it does not start right
     * when its worker finished the one before, unless the stall held that worker too: so a packet
     * behind a callback that overran its 10 ms by more than half is not judged, nor one that waited
     * longer than two callbacks, the most that the other two clients' packets could hold it; and
     * one packet in twenty may look queued.)
     */
    @Test
    void closedLoopClientsNeverWaitBehindAnotherPacket() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, App.class, "worker_num=4", "reactor_num=2")) {
            workerPids(server, 4);
            int port = server.port();
            List<long[]> replies = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> clients = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            for (int i = 0; i < 3; i++) {
                Thread t = new Thread(() -> {
                    try (Client c = new Client(port)) {
                        while (System.nanoTime() - until < 0) {
                            c.send("work " + System.nanoTime());
                            String line = c.line(10_000);
                            Matcher m = WORK.matcher(line == null ? "" : line);
                            assertTrue(m.find(), "reply: " + line);
                            replies.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                                    Long.parseLong(m.group(3)), Long.parseLong(m.group(4))});
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                t.start();
                clients.add(t);
            }
            for (Thread t : clients) {
                t.join(30_000);
            }
            assertTrue(failures.isEmpty(), "clients failed: " + failures);
            assertTrue(replies.size() >= 30, "the clients ran: " + replies.size() + " replies");
            List<String> queued = new ArrayList<>();
            Map<Long, List<long[]>> byWorker = new HashMap<>();
            for (long[] r : replies) {
                byWorker.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r);
            }
            long sentBefore = TimeUnit.MILLISECONDS.toNanos(8);
            long startedAfter = TimeUnit.MILLISECONDS.toNanos(3);
            long overran = TimeUnit.MILLISECONDS.toNanos(15);
            long stalled = TimeUnit.MILLISECONDS.toNanos(25);
            for (List<long[]> list : byWorker.values()) {
                list.sort(Comparator.comparingLong(r -> r[2]));
                for (int i = 1; i < list.size(); i++) {
                    long[] before = list.get(i - 1);
                    long[] r = list.get(i);
                    long waited = before[3] - r[1];
                    if (waited > sentBefore && waited < stalled && r[2] - before[3] < startedAfter
                            && before[3] - before[2] < overran) {
                        queued.add("worker " + r[0] + ": sent " + waited / 1000
                                + " µs before the previous packet ended, started " + (r[2] - before[3]) / 1000
                                + " µs after; the previous callback ran " + (before[3] - before[2]) / 1000 + " µs");
                    }
                }
            }
            // A stall of the loaded machine can still make one packet look queued now and then; a
            // dispatcher that ignored busy workers (round robin) shows some 18% of packets so.
            assertTrue(queued.size() * 20 <= replies.size(), queued.size() + " of " + replies.size()
                    + " packets were handed to a busy worker: " + queued);
        }
    }

    private static Map<Integer, Long> workerPids(ServerProcess server, int workers) throws InterruptedException {
        Map<Integer, Long> pids = new HashMap<>();
        for (String l : server.awaitLines(l -> STARTED.matcher(l).find(), workers, 30_000)) {
            Matcher m = STARTED.matcher(l);
            m.find();
            pids.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
        }
        return pids;
    }

    /** Sends signal {@code name}; for STOP, waits until every thread of the process has stopped. */
    private static void signal(String name, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill -" + name + " " + pid);
        if (name.equals("STOP")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!allThreadsStopped(pid)) {
                assertTrue(System.nanoTime() - deadline < 0, "process " + pid + " stopped");
                Thread.sleep(5);
            }
        }
    }

    private static boolean allThreadsStopped(long pid) throws IOException {
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc", Long.toString(pid), "task"))) {
            for (java.nio.file.Path t : tasks.toList()) {
                String stat = java.nio.file.Files.readString(t.resolve("stat"));
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                if (state != 'T' && state != 't') {
                    return false;
                }
            }
            return true;
        }
    }

    /** A line-based connection. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;

        Client(int port) throws IOException {
            socket = Clients.connect("127.0.0.1", port);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String line) throws IOException {
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** The next line, or null if none came within {@code timeoutMillis}. */
        String line(int timeoutMillis) throws IOException {
            socket.setSoTimeout(timeoutMillis);
            try {
                return in.readLine();
            } catch (SocketTimeoutException e) {
                return null;
            }
        }

        /** The worker id of the next reply, or null if none came within {@code timeoutMillis}. */
        Integer reply(int timeoutMillis) throws IOException {
            String line = line(timeoutMillis);
            if (line == null) {
                return null;
            }
            Matcher m = WORKER.matcher(line);
            assertTrue(m.find(), line);
            return Integer.parseInt(m.group(1));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
