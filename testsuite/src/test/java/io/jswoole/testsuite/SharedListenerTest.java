package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.testing.Clients;
import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base mode's listening sockets with worker processes, as in Swoole: by default the workers share
 * the master's one socket (handed to each worker as it starts); with {@code enable_reuse_port}
 * each worker binds a socket of its own.
 */
@Timeout(120)
class SharedListenerTest {
    @TempDir
    Path dir;

    /**
     * Answers each line with {@code worker=ID pid=PID}. Arguments: reactor, then key=value settings,
     * or {@code unix=PATH} for a Unix stream port too.
     */
    public static final class App {
        public static void main(String[] args) {
            Server server = new Server("127.0.0.1", 0);
            server.set(Map.of("mode", "base", "reactor", args[0], "worker_num", 2, "open_eof_split", true,
                    "package_eof", "\n"));
            for (int i = 1; i < args.length; i++) {
                String[] kv = args[i].split("=", 2);
                if (kv[0].equals("unix")) {
                    server.listen(kv[1], 0, SocketType.UNIX_STREAM);
                } else {
                    server.set(Map.of(kv[0], kv[1]));
                }
            }
            server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id));
            server.onReceive((s, fd, reactorId, data) -> s.send(fd, ("worker=" + s.getWorkerId() + " pid="
                    + s.getWorkerPid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            server.start();
        }
    }

    /**
     * With every worker killed, a new connection waits in the master's socket for the
     * replacements instead of being refused, and one of them answers it.
     */
    @Test
    @SettingEffect(keys = "enable_reuse_port", modes = "base", reactors = "epoll")
    void withEveryWorkerDeadANewConnectionWaitsForTheReplacements() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, App.class, "epoll")) {
            int port = server.port();
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, 30_000);
            assertEquals(1, listeningSockets(port).size(), "one listening socket, the master's, for every worker");
            List<ProcessHandle> workers = server.descendants("jswoole.role=worker");
            assertEquals(2, workers.size());
            Set<String> killed = new HashSet<>();
            for (ProcessHandle w : workers) {
                killed.add(Long.toString(w.pid()));
                w.destroyForcibly();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (workers.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            assertTrue(workers.stream().noneMatch(ProcessHandle::isAlive), "both workers are dead");
            try (LineClient client = new LineClient(server, Clients.connect("127.0.0.1", port))) { // refused with a listening socket per worker
                client.write("who\n");
                String answer = client.read();
                String pid = answer.substring(answer.indexOf("pid=") + 4);
                assertFalse(killed.contains(pid), "answered by a replacement: " + answer);
            }
        }
    }

    /** A Unix stream port is shared too (SO_REUSEPORT cannot share one): both workers serve it. */
    @Test
    void aUnixStreamPortIsSharedByTheWorkers() throws Exception {
        Path path = dir.resolve("shared.sock");
        try (ServerProcess server = ServerProcess.start(dir, App.class, "epoll", "unix=" + path)) {
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, 30_000);
            Set<String> workers = new HashSet<>();
            List<SocketChannel> clients = new ArrayList<>();
            try {
                // Until both workers have answered (each new connection goes to a free worker).
                for (int i = 0; i < 200 && workers.size() < 2; i++) {
                    SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path));
                    clients.add(c);
                    c.write(ByteBuffer.wrap("who\n".getBytes(StandardCharsets.US_ASCII)));
                    ByteBuffer reply = ByteBuffer.allocate(64);
                    while (reply.position() == 0 || reply.get(reply.position() - 1) != '\n') {
                        if (c.read(reply) < 0) {
                            throw new IOException("closed");
                        }
                    }
                    workers.add(new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII).split(" ")[0]);
                }
            } finally {
                for (SocketChannel c : clients) {
                    c.close();
                }
            }
            assertEquals(2, workers.size(), "both workers accept on the Unix socket");
        }
        assertFalse(Files.exists(path), "the master removes the socket file when it stops");
    }

    /**
     * With enable_reuse_port, on either reactor, each worker listens on a socket of its own and
     * the kernel spreads connections over them.
     */
    @Test
    @SettingEffect(keys = "enable_reuse_port", modes = "base", reactors = {"epoll", "nio"})
    void withEnableReusePortEveryWorkerListensOnItsOwnSocket() throws Exception {
        for (String reactor : List.of("epoll", "nio")) {
            try (ServerProcess server = ServerProcess.start(dir, App.class, reactor, "enable_reuse_port=true")) {
                int port = server.port();
                server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, 30_000);
                assertEquals(2, listeningSockets(port).size(), reactor + ": one listening socket per worker");
                Set<String> workers = new HashSet<>();
                List<LineClient> clients = new ArrayList<>();
                try {
                    for (int i = 0; i < 40; i++) {
                        LineClient c = new LineClient(server, Clients.connect("127.0.0.1", port));
                        clients.add(c);
                        c.write("who\n");
                        workers.add(c.read().split(" ")[0]);
                    }
                } finally {
                    for (LineClient c : clients) {
                        c.close();
                    }
                }
                assertEquals(2, workers.size(), reactor + ": 40 connections hashed over two sockets");
            }
        }
    }

    /** The nio reactor cannot hand a socket to another process: asking for one shared socket stops start-up. */
    @Test
    @SettingEffect(keys = "enable_reuse_port", modes = "base", reactors = "nio", refused = true)
    void nioRefusesAnExplicitSharedSocket() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, App.class, "nio", "enable_reuse_port=false")) {
            assertTrue(server.master().waitFor(60, TimeUnit.SECONDS), "the server did not stop");
            assertTrue(server.master().exitValue() != 0);
            server.awaitLine(l -> l.contains("enable_reuse_port=false on port") && l.contains("needs reactor=epoll"), 5_000);
        }
    }

    /** The listening TCP sockets on 127.0.0.1:{@code port}, by inode, from {@code /proc/net/tcp}. */
    private static Set<String> listeningSockets(int port) throws IOException {
        String local = String.format("0100007F:%04X", port);
        Set<String> inodes = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[1].equals(local) && f[3].equals("0A")) {
                inodes.add(f[9]);
            }
        }
        return inodes;
    }
}
