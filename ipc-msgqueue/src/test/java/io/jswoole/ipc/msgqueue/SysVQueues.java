package io.jswoole.ipc.msgqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.linux.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the tests need to see of the system's message queues: the list in /proc/sysvipc/msg, and a
 * record of every queue a test created, checked to be gone after all tests.
 */
final class SysVQueues {
    /** Every queue id a test created or opened, in this JVM. */
    static final Set<Integer> CREATED = ConcurrentHashMap.newKeySet();

    private SysVQueues() {
    }

    /** The run directory name of this JVM's first server (only its name matters to the provider). */
    static Path runDir(Path base) {
        return base.resolve("jswoole-" + ProcessHandle.current().pid());
    }

    /** msqid to key of every queue in this IPC namespace. */
    static Map<Integer, Integer> onSystem() {
        Map<Integer, Integer> queues = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/sysvipc/msg"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 2 && f[1].matches("\\d+")) {
                    queues.put(Integer.parseInt(f[1]), (int) Long.parseLong(f[0]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queues;
    }

    static boolean exists(int msqid) {
        return onSystem().containsKey(msqid);
    }

    static int idOf(io.jswoole.spi.pipe.SharedQueue q) {
        int id = Integer.parseInt(q.address());
        CREATED.add(id);
        return id;
    }

    /** Creates a queue with {@code key} directly, as a server that is gone would have left it. */
    static int createRaw(int key) {
        int id = SysV.C.msgget(key, SysV.IPC_CREAT | SysV.IPC_EXCL | 0600);
        assertTrue(id >= 0, () -> Errors.message("msgget " + QueueKeys.hex(key), Errors.lastErrno()));
        CREATED.add(id);
        return id;
    }

    /** Removes a queue created with {@link #createRaw}, if it is still there. */
    static void removeRaw(int msqid) {
        SysV.C.msgctl(msqid, SysV.IPC_RMID, 0);
    }

    /** No queue a test created, and none with one of this JVM's keys, is left. */
    static void assertNoneLeft() {
        Map<Integer, Integer> queues = onSystem();
        for (int id : CREATED) {
            assertTrue(!queues.containsKey(id), () -> "queue " + id + " is left: " + queues);
        }
        long pid = ProcessHandle.current().pid();
        for (int n = 1; n <= QueueKeys.MAX_SERVERS_PER_JVM; n++) {
            int key = QueueKeys.key(pid, n);
            assertTrue(!queues.containsValue(key), () -> "a queue with key " + QueueKeys.hex(key) + " is left");
        }
    }

    /** The files in a directory. */
    static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }

    static void assertEmpty(Path dir) throws IOException {
        assertEquals(0, count(dir), () -> dir + " holds files");
    }
}
