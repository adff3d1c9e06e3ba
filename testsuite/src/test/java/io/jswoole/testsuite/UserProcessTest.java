package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.Server;
import io.jswoole.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A user process lives while something keeps it, and is started again once its body is done. */
@Timeout(90)
class UserProcessTest {

    @TempDir
    Path dir;

    /**
     * A server with one user process per argument after the file: {@code returns} (the body appends
     * a line and returns), {@code timer} (the same, then a tick keeps it), {@code thread} (the same,
     * then a thread of its own keeps it). Each start appends {@code <kind> <pid>} to the file.
     */
    public static final class App {
        public static void main(String[] args) {
            Path file = Path.of(args[0]);
            Server server = new Server("127.0.0.1", 0);
            server.onReceive((s, fd, r, data) -> s.send(fd, data));
            for (int i = 1; i < args.length; i++) {
                String kind = args[i];
                server.addProcess((s, id) -> {
                    append(file, kind + " " + ProcessHandle.current().pid() + "\n");
                    switch (kind) {
                        case "timer" -> s.tick(100, t -> { });
                        case "thread" -> new Thread(() -> {
                            try {
                                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }, "application-work").start();
                        default -> { }
                    }
                });
            }
            server.start();
        }

        private static void append(Path file, String line) {
            try {
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static List<String> starts(Path file, String kind) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(l -> l.startsWith(kind + " ")).toList();
    }

    @Test
    void aBodyThatReturnsIsStartedAgainWithAGrowingDelayWhileTimersAndThreadsKeepTheirProcess() throws Exception {
        Path file = dir.resolve("starts");
        try (ServerProcess server = ServerProcess.start(dir, App.class, file.toString(), "returns", "timer", "thread")) {
            server.port();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (starts(file, "returns").size() < 3 && server.master().isAlive() && System.nanoTime() - deadline < 0) {
                Thread.sleep(50);
            }
            List<String> returns = starts(file, "returns");
            assertTrue(returns.size() >= 3, "the process whose body returns is started again: " + returns + "\n"
                    + String.join("\n", server.lines()));
            assertEquals(returns.size(), returns.stream().distinct().count(), "each start is a new process: " + returns);
            server.awaitLine(l -> l.contains("keeps ending soon after it starts; restarting it in 200 ms"), 1000);
            assertEquals(1, starts(file, "timer").size(), "a pending timer keeps its process");
            assertEquals(1, starts(file, "thread").size(), "a running thread keeps its process");
        }
    }
}
