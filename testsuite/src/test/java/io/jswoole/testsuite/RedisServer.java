package io.jswoole.testsuite;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on 127.0.0.1, on a free port, without persistence, in a
 * directory of the test's; {@link #stop} and {@link #close} kill it by its pid and reap it. A
 * machine without {@code redis-server} fails the test with a message saying so.
 */
final class RedisServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final Path dir;
    private final int port;
    private final List<String> extra;
    private Process process;

    private RedisServer(Path dir, int port, List<String> extra) {
        this.dir = dir;
        this.port = port;
        this.extra = extra;
    }

    /** Starts one in {@code dir} with further redis-server arguments ({@code --requirepass x}). */
    static RedisServer start(Path dir, String... extra) throws IOException, InterruptedException {
        RedisServer r = new RedisServer(dir, freePort(), List.of(extra));
        r.startAgain();
        return r;
    }

    /** Whether it was started with {@code --requirepass}. */
    boolean hasPassword() {
        return extra.contains("--requirepass");
    }

    int port() {
        return port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Starts it (again, after {@link #stop}) on the same port, and waits until it answers. */
    void startAgain() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install the Debian package redis-server (.ci/run does)");
        }
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
        cmd.addAll(extra);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answers()) {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server exited: " + Files.readString(dir.resolve("redis-" + port + ".log")));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("redis-server on port " + port + " did not answer within 20 s");
            }
            Thread.sleep(10); // polling a condition: redis-server says nothing on a pipe when ready
        }
    }

    /** Whether it answers PING (with or without a password, it answers something). */
    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(1_000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            int c = s.getInputStream().read();
            return c == '+' || c == '-';
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills it by pid (SIGKILL: as if the host went away) and reaps it. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
