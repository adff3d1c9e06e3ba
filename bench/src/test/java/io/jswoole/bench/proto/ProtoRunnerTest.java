package io.jswoole.bench.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.bench.run.Installation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Rounds over real processes: a server that listens is measured and stopped, one that dies is reported. */
@Timeout(60)
class ProtoRunnerTest {

    /** A server that accepts and closes connections on 127.0.0.1:{@code args[0]} until it is stopped. */
    public static final class Listener {
        public static void main(String[] args) throws Exception {
            try (ServerSocket s = new ServerSocket(Integer.parseInt(args[0]), 50,
                    InetAddress.getByName(ServerSession.HOST))) {
                while (true) {
                    s.accept().close();
                }
            }
        }
    }

    /** A load that connects once and reports a fixed rate. */
    private static final class ConnectOnce implements ProtoLoad {
        final List<Long> ports = new ArrayList<>();

        @Override
        public List<String> workloads() {
            return List.of("connect");
        }

        @Override
        public String describe() {
            return "one connection";
        }

        @Override
        public List<RunResult> run(String server, int round, ServerSession session, LoadTool tool, Path logs,
                                   String prefix) throws IOException {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ServerSession.HOST, session.port()), 2000);
            }
            ports.add((long) session.port());
            return List.of(new RunResult(server, "connect", round, 1, 1, 1, 0, session.sample().rssBytes(), null));
        }
    }

    @Test
    void measuresAListeningServerAndReportsOneThatExits(@TempDir Path logs) throws Exception {
        ProtoServer listening = new ProtoServer("listening", "a JVM accepting connections", Optional.empty(),
                (port, dir) -> List.of(Installation.java().toString(), "-cp", Installation.classPath(),
                        Listener.class.getName(), Integer.toString(port)));
        ProtoServer dying = new ProtoServer("dying", "exits", Optional.empty(),
                (port, dir) -> List.of("sh", "-c", "echo cannot start; exit 3"));
        ConnectOnce load = new ConnectOnce();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<RunResult> results = new ProtoRunner(List.of(listening, dying), load, 2, Duration.ofSeconds(20),
                List.of(), logs, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        assertEquals(4, results.size(), results.toString());
        assertEquals(2, results.stream().filter(r -> r.server().equals("listening") && r.ok()).count());
        List<RunResult> failed = results.stream().filter(r -> r.server().equals("dying")).toList();
        assertEquals(2, failed.size());
        assertTrue(failed.stream().allMatch(r -> !r.ok() && r.error().contains("exited with status 3")), failed.toString());
        for (long port : load.ports) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ServerSession.HOST, (int) port), 500);
                throw new AssertionError("the server on " + port + " still listens");
            } catch (IOException expected) {
                // stopped
            }
        }
        assertFalse(printed.toString(StandardCharsets.UTF_8).isEmpty());
    }
}
