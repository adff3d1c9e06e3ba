package io.jswoole.tasks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The messages on a link between a worker and a task worker or user process (the link's header
 * carries the type, flags, the sender's worker id in the reactor-id field, and the task id in the
 * session field), the layout of a task on a shared queue, and where a worker publishes its link
 * address.
 */
final class PeerWire {
    /** Peer → worker, first on a link: the peer's id; payload its pid (the peer knows the worker's from its address file). */
    static final int HELLO = 1;
    /** Worker → task worker: a task (mode 1 and custom providers). */
    static final int TASK = 2;
    /** Task worker → worker: the result of a task (flag {@link #NO_RESULT} when there is none). */
    static final int RESULT = 3;
    /** Either way: a sendMessage. */
    static final int PIPE = 4;
    /** Task worker → worker: send me no more tasks, I am leaving. */
    static final int RETIRING = 5;
    /** Worker → task worker: understood; nothing more follows from me. */
    static final int RETIRED = 6;

    /** RESULT flag: the task produced no result (onTask returned null): no onFinish. */
    static final int NO_RESULT = 1;

    /** A task on a shared queue: source worker id, source pid, task id, then the data. */
    static final int QUEUED_HEADER = 16;

    private PeerWire() {
    }

    static ByteBuffer pid(long pid) {
        return ByteBuffer.allocate(8).putLong(0, pid);
    }

    /** The header of a task on a shared queue, sent before its data. */
    static ByteBuffer queuedHeader(int srcWorkerId, long srcPid, int taskId) {
        return ByteBuffer.allocate(QUEUED_HEADER).putInt(srcWorkerId).putLong(srcPid).putInt(taskId).flip();
    }

    static ByteBuffer queued(int srcWorkerId, long srcPid, int taskId, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(QUEUED_HEADER + data.length);
        b.putInt(srcWorkerId).putLong(srcPid).putInt(taskId).put(data).flip();
        return b;
    }

    /** A result on a task broker: task id, flags ({@link #NO_RESULT}), then the data. */
    static ByteBuffer brokered(int taskId, int flags, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(5 + data.length);
        b.putInt(taskId).put((byte) flags).put(data).flip();
        return b;
    }

    static byte[] bytes(ByteBuffer payload) {
        byte[] b = new byte[payload.remaining()];
        payload.duplicate().get(b);
        return b;
    }

    /** Whether process {@code pid} still runs. */
    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The file where worker {@code workerId} publishes its link address. */
    static Path addressFile(Path runDir, int workerId) {
        return runDir.resolve("peers-w" + workerId + ".address");
    }

    /** Publishes a worker's link address (its pid, then the address), replacing a predecessor's at once. */
    static void publish(Path runDir, int workerId, long pid, String address) throws IOException {
        Path file = addressFile(runDir, workerId);
        Path tmp = runDir.resolve(file.getFileName() + "." + pid + ".tmp");
        Files.writeString(tmp, pid + "\n" + address, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A published address: the worker's pid and its link address. */
    record Published(long pid, String address) {
    }

    /** Reads worker {@code workerId}'s address, or null if it has none yet. */
    static Published read(Path runDir, int workerId) {
        try {
            String s = Files.readString(addressFile(runDir, workerId), StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            return nl < 0 ? null : new Published(Long.parseLong(s.substring(0, nl)), s.substring(nl + 1));
        } catch (IOException | NumberFormatException e) {
            return null; // none yet (or being replaced): the caller tries again
        }
    }

    /** Removes a worker's address file if it is still this process's. */
    static void unpublish(Path runDir, int workerId, long pid) {
        Published p = read(runDir, workerId);
        if (p != null && p.pid() == pid) {
            try {
                Files.deleteIfExists(addressFile(runDir, workerId));
            } catch (IOException e) {
                // the run directory goes at shutdown anyway
            }
        }
    }
}
