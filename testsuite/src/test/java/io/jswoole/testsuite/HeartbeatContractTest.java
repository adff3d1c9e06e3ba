package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The heartbeat on each reactor in both modes, with {@link HeartbeatApp}: idle connections are
 * closed by the server (the client reads end of stream) after their port's idle time and no later
 * than a sweep or two after it, a client that keeps sending stays open, onClose runs with
 * reactorId -1, a port's own {@code heartbeat_idle_time} overrides the server's, a client that
 * sends a packet slowly (bytes, but no whole packet) is not idle for the sweep nor for
 * {@code heartbeat()} (in process mode a worker reads the shared connection table), and
 * {@code heartbeat(false)} lists an idle connection without closing it while
 * {@code heartbeat(true)} closes it.
 */
@Timeout(120)
class HeartbeatContractTest {
    /** Past the idle time: one second of clock granularity, one interval, and room for a loaded machine. */
    private static final long SLACK_MILLIS = 2_000 + 6_000;
    private static final Pattern PROBE = Pattern.compile(
            "probe listed=\\[(.*)] again=\\[(.*)] closed=\\[(.*)] gone=(true|false)");

    static Stream<Arguments> reactorsAndModes() {
        return Reactors.found().stream().flatMap(f -> Stream.of("base", "process").map(mode ->
                Arguments.of(Named.of(f.name(), f.provider()), mode)));
    }

    @SettingEffect(keys = {"heartbeat_check_interval", "heartbeat_idle_time"}, modes = {"base", "process"})

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("reactorsAndModes")
    void idleConnectionsAreClosedByTheServer(ReactorProvider reactor, String mode, @TempDir Path dir) throws Exception {
        Reactors.requireAvailable(reactor);
        try (ServerProcess server = ServerProcess.start(dir, HeartbeatApp.class, mode, reactor.name())) {
            int main = server.port(0);
            int longer = server.port(1);
            int udp = server.port("UDP");
            server.awaitLine(l -> l.startsWith("onWorkerStart"), Await.DEADLINE_MILLIS);

            try (Client idle = Client.connect(main); Client idleLonger = Client.connect(longer);
                 Client active = Client.connect(main); Client slow = Client.connect(main)) {
                Pinger pinger = new Pinger(active);
                Thread trickle = new Thread(() -> trickle(slow), "trickle");
                pinger.start();
                trickle.start();
                try {
                    // The main port's idle time is 2 s (2 x heartbeat_check_interval), port 1's own 4 s.
                    long idleFor = idle.awaitEndOfStream(2_000 + SLACK_MILLIS);
                    assertTrue(idleFor > 2_000, "closed after " + idleFor + " ms, before its idle time of 2 s");
                    pinger.send("list");
                    String listed = pinger.answers.poll(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
                    assertTrue(listed != null && listed.startsWith("list "), "answer to list: " + listed);
                    assertTrue(!listOf(listed.substring(6, listed.length() - 1)).contains(String.valueOf(slow.fd)),
                            "heartbeat(false) lists a client that is sending a packet slowly: " + listed);
                    long longerFor = idleLonger.awaitEndOfStream(4_000 + SLACK_MILLIS);
                    assertTrue(longerFor > 4_000, "port 1 connection closed after " + longerFor
                            + " ms: its own heartbeat_idle_time is 4 s, not the server's 2 s");
                    server.awaitLines(l -> l.contains("onClose fd=" + idle.fd + " reactor=-1")
                            || l.contains("onClose fd=" + idleLonger.fd + " reactor=-1"), 2, Await.DEADLINE_MILLIS);
                    server.awaitLines(HeartbeatContractTest::isSweepLine, 2, Await.DEADLINE_MILLIS);

                    probeHeartbeatMethod(server, main, pinger);
                } finally {
                    pinger.stop();
                    trickle.interrupt();
                    trickle.join(5_000);
                }
                assertNull(pinger.failure.get(), () -> "the client that kept sending: " + pinger.failure.get());
                slow.socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                slow.socket.setSoTimeout((int) Await.DEADLINE_MILLIS);
                assertEquals("pong", slow.in.readLine(), "the client that sent one packet slowly is still served");
                assertTrue(pinger.pongs > 10, "pongs: " + pinger.pongs);
            }

            try (DatagramSocket c = new DatagramSocket()) {
                c.setSoTimeout((int) Await.DEADLINE_MILLIS);
                byte[] msg = "no heartbeat for datagrams".getBytes(StandardCharsets.UTF_8);
                c.send(new DatagramPacket(msg, msg.length, InetAddress.getByName("127.0.0.1"), udp));
                DatagramPacket reply = new DatagramPacket(new byte[64], 64);
                c.receive(reply);
                assertEquals("no heartbeat for datagrams", new String(reply.getData(), 0, reply.getLength(),
                        StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * heartbeat(false) lists an idle connection and leaves it open; heartbeat(true) closes it. The
     * server's own sweep may close the connection first (it is idle for the same reasons): such an
     * attempt proves nothing and is made again with a new connection.
     */
    private static void probeHeartbeatMethod(ServerProcess server, int port, Pinger pinger) throws Exception {
        java.util.List<String> attempts = new java.util.ArrayList<>();
        for (int attempt = 1; attempt <= 8; attempt++) {
            long sweepsBefore = server.lines().stream().filter(HeartbeatContractTest::isSweepLine).count();
            try (Client target = Client.connect(port)) {
                pinger.send("probe " + target.fd);
                String answer = pinger.answers.poll(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
                if (answer == null) {
                    fail("no answer to the probe; output:\n" + String.join("\n", server.lines()));
                }
                if (answer.equals("probe missed")) {
                    attempts.add("closed before heartbeat(true) was called (by the sweep, or by heartbeat(false))");
                    target.awaitEndOfStream(Await.DEADLINE_MILLIS);
                    continue;
                }
                Matcher m = PROBE.matcher(answer);
                assertTrue(m.matches(), answer);
                String fd = String.valueOf(target.fd);
                assertTrue(listOf(m.group(1)).contains(fd), "heartbeat(false) listed " + m.group(1));
                assertTrue(listOf(m.group(2)).contains(fd), "heartbeat(false) again listed " + m.group(2));
                assertTrue(listOf(m.group(3)).contains(fd), "heartbeat(true) returned " + m.group(3));
                target.awaitEndOfStream(Await.DEADLINE_MILLIS);
                server.awaitLine(l -> l.contains("onClose fd=" + fd + " reactor=-1"), Await.DEADLINE_MILLIS);
                if (!m.group(4).equals("true") && sweepLineAppears(server, sweepsBefore)) {
                    // Process mode: the sweep closed it between heartbeat(true) and its request (or
                    // heartbeat(true) closed nothing).
                    attempts.add("closed by the server's sweep after heartbeat(true) returned");
                    continue;
                }
                return;
            }
        }
        fail("heartbeat(false) then heartbeat(true) never closed the probed connection themselves: " + attempts);
    }

    /** Sends a space every 300 ms: data arrives, but no whole packet (the port splits on newlines). */
    private static void trickle(Client client) {
        try {
            OutputStream out = client.socket.getOutputStream();
            while (!Thread.currentThread().isInterrupted()) {
                out.write(' ');
                out.flush();
                Thread.sleep(300);
            }
        } catch (IOException | InterruptedException e) {
            // interrupted at the end of the test; a write failure shows in the final ping
        }
    }

    /** Whether a sweep line beyond {@code before} shows up within a second (the sweep logs as it closes). */
    private static boolean sweepLineAppears(ServerProcess server, long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() - deadline < 0) {
            if (server.lines().stream().filter(HeartbeatContractTest::isSweepLine).count() > before) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static java.util.List<String> listOf(String csv) {
        return Stream.of(csv.split(",\\s*")).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean isSweepLine(String l) {
        return l.contains("heartbeat: ") && l.contains(" idle connection");
    }

    /** A TCP client that knows its fd (the server's greeting). */
    private static final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final int fd;
        /** Taken before connecting, so before the server's accept: its idle time counts from later. */
        final long connectedAt;

        private Client(Socket socket, long connectedAt) throws IOException {
            this.socket = socket;
            this.connectedAt = connectedAt;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String greeting = in.readLine();
            if (greeting == null || !greeting.startsWith("fd ")) {
                throw new IOException("expected 'fd N', got " + greeting);
            }
            this.fd = Integer.parseInt(greeting.substring(3));
        }

        static Client connect(int port) throws IOException {
            long before = System.nanoTime();
            return new Client(Clients.connect("127.0.0.1", port), before);
        }

        /** Waits for the server to close the connection; returns the milliseconds since connecting. */
        long awaitEndOfStream(long timeoutMillis) throws IOException {
            socket.setSoTimeout((int) timeoutMillis);
            try {
                String line = in.readLine();
                assertNull(line, "an idle client got data: " + line);
            } catch (SocketTimeoutException e) {
                fail("fd " + fd + " still open " + timeoutMillis + " ms after its last data");
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectedAt);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Sends {@code ping} every 250 ms on a client, checks each {@code pong}, and passes other lines on. */
    private static final class Pinger {
        final Client client;
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile int pongs;
        private volatile boolean running = true;
        private final Thread writer;
        private final Thread reader;

        Pinger(Client client) throws IOException {
            this.client = client;
            client.socket.setSoTimeout(0);
            writer = new Thread(this::pingLoop, "pinger");
            reader = new Thread(this::readLoop, "pinger-reader");
        }

        void start() {
            writer.start();
            reader.start();
        }

        synchronized void send(String line) throws IOException {
            OutputStream out = client.socket.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private void pingLoop() {
            try {
                while (running) {
                    send("ping");
                    Thread.sleep(250);
                }
            } catch (IOException | InterruptedException e) {
                if (running) {
                    failure.compareAndSet(null, e);
                }
            }
        }

        private void readLoop() {
            try {
                String line;
                while ((line = client.in.readLine()) != null) {
                    if (line.equals("pong")) {
                        pongs++;
                    } else {
                        answers.add(line);
                    }
                }
                if (running) {
                    failure.compareAndSet(null, new IOException("the server closed a client that kept sending"));
                }
            } catch (IOException e) {
                if (running) {
                    failure.compareAndSet(null, e);
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            writer.interrupt();
            writer.join(5_000);
            try {
                client.socket.shutdownInput();
            } catch (IOException e) {
                // already closed
            }
            reader.join(5_000);
        }
    }
}
