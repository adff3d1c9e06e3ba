package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.testing.Clients;
import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each dispatch mode's placement rule, seen through whoami (a worker killed under load: {@link WorkerLostTest}). */
@Timeout(120)
class DispatchAndCrashTest {
    private static final Pattern WHOAMI = Pattern.compile("worker=(\\d+) pid=(\\d+) fd=(\\d+)");

    @TempDir
    Path dir;

    /** A whoami connection. */
    private static final class Who implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Who(int port) throws IOException {
            socket = Clients.connect("127.0.0.1", port);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        /** Sends a line; returns {worker, pid, fd}. */
        int[] ask(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            String reply = in.readLine();
            if (reply == null) {
                throw new IOException("closed by the server");
            }
            Matcher m = WHOAMI.matcher(reply);
            assertTrue(m.find(), reply);
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private ServerProcess start(int workers, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("worker_num=" + workers, "reactor_num=2", "whoami=true"));
        args.addAll(List.of(more));
        ServerProcess server = ServerProcess.start(dir, ProcessApp.class, args.toArray(String[]::new));
        server.awaitLines(l -> l.startsWith("onWorkerStart"), workers, 30_000);
        return server;
    }

    @Test
    void roundRobinSpreadsOneConnectionsPackets() throws Exception {
        try (ServerProcess server = start(3, "dispatch_mode=1"); Who who = new Who(server.port(2))) {
            Set<Integer> workers = new HashSet<>();
            for (int i = 0; i < 9; i++) {
                workers.add(who.ask("hi")[0]);
            }
            assertEquals(Set.of(0, 1, 2), workers, "one connection's packets visit every worker");
        }
    }

    @SettingEffect(keys = "dispatch_mode", modes = "process")

    @Test
    void fdModuloKeepsAConnectionOnWorkerFdModN() throws Exception {
        try (ServerProcess server = start(3, "dispatch_mode=2")) {
            for (int c = 0; c < 6; c++) {
                try (Who who = new Who(server.port(2))) {
                    for (int i = 0; i < 3; i++) {
                        int[] r = who.ask("hi");
                        assertEquals(r[2] % 3, r[0], "fd " + r[2] + " goes to worker fd % 3");
                    }
                }
            }
        }
    }

    @Test
    void idleWorkerAnswersFromAnyFreeWorker() throws Exception {
        try (ServerProcess server = start(2, "dispatch_mode=3"); Who who = new Who(server.port(2))) {
            Set<Integer> workers = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                workers.add(who.ask("hi")[0]);
            }
            assertEquals(Set.of(0, 1), workers, "with every worker idle, each takes its turn");
        }
    }

    @Test
    void clientIpKeepsEveryConnectionFromOneAddressOnOneWorker() throws Exception {
        try (ServerProcess server = start(3, "dispatch_mode=4")) {
            Set<Integer> workers = new HashSet<>();
            for (int c = 0; c < 6; c++) {
                try (Who who = new Who(server.port(2))) {
                    workers.add(who.ask("hi")[0]);
                }
            }
            assertEquals(Set.of(Math.floorMod("127.0.0.1".hashCode(), 3)), workers);
        }
    }

    @Test
    void uidSendsABoundConnectionToUidModN() throws Exception {
        try (ServerProcess server = start(3, "dispatch_mode=5"); Who who = new Who(server.port(2))) {
            int[] first = who.ask("hi");
            assertEquals(first[2] % 3, first[0], "unbound: fd modulo");
            who.ask("bind 7");
            for (int i = 0; i < 3; i++) {
                assertEquals(7 % 3, who.ask("hi")[0], "bound to uid 7: worker 7 % 3");
            }
        }
    }

    @Test
    void dispatchFunctionChoosesTheWorker() throws Exception {
        try (ServerProcess server = start(3, "dispatch=worker1")) {
            for (int c = 0; c < 3; c++) {
                try (Who who = new Who(server.port(2))) {
                    assertEquals(1, who.ask("hi")[0]);
                }
            }
        }
    }

    @Test
    void workersAnswerQueriesFromTheSharedTableAndMessageEachOther() throws Exception {
        try (ServerProcess server = start(2, "dispatch_mode=2"); Who a = new Who(server.port(2)); Who b = new Who(server.port(2))) {
            a.ask("hi");
            b.ask("hi");
            a.out.write("info\n".getBytes(StandardCharsets.UTF_8));
            String line = a.in.readLine();
            assertTrue(line.startsWith("exists=true remotePort=" + a.socket.getLocalPort() + " list=2 conns=2 "), line);
            int[] me = a.ask("hi");
            int other = 1 - me[0];
            a.ask("pipe " + other + " hello there");
            server.awaitLine(l -> l.equals("onPipeMessage at " + other + " from " + me[0] + ": hello there"), 10_000);
        }
    }
}
