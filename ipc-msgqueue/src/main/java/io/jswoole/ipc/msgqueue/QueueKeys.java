package io.jswoole.ipc.msgqueue;

import io.jswoole.linux.Posix;
import io.jswoole.log.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The System V key of a server's queue, and the sweep of queues left by servers that are gone.
 *
 * <p>A key is {@code 0x4A} ({@code 'J'}) in the top byte, the master's pid in the low 22 bits
 * (Linux pids are below {@code 2^22}), and bits 22–23 telling apart up to four servers of one JVM
 * (run directories {@code jswoole-<pid>}, {@code jswoole-<pid>-2} … {@code -4}). For the first
 * server of a JVM that is {@code 0x4A000000 | pid}. A deterministic key, unlike
 * {@code IPC_PRIVATE}, lets the next server find and remove a queue whose master was killed: the
 * kernel keeps queues until someone removes them.
 */
final class QueueKeys {
    static final int PREFIX = 0x4A;
    static final int PID_BITS = 22;
    static final int PID_MASK = (1 << PID_BITS) - 1;
    static final int MAX_SERVERS_PER_JVM = 4;

    private static final Pattern RUN_DIR = Pattern.compile("jswoole-(\\d{1,10})(?:-(\\d{1,10}))?");
    private static final Path SYSVIPC_MSG = Path.of("/proc/sysvipc/msg");

    private QueueKeys() {
    }

    /**
     * The key of the server whose run directory is {@code runDir} ({@code jswoole-<pid>} or
     * {@code jswoole-<pid>-<n>}).
     *
     * @throws IllegalArgumentException for another name, or a pid or server number out of range
     */
    static int keyOf(Path runDir) {
        Path name = runDir.getFileName();
        Matcher m = RUN_DIR.matcher(name == null ? "" : name.toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("a run directory is named jswoole-<pid> or jswoole-<pid>-<n>, not "
                    + runDir);
        }
        long pid = Long.parseLong(m.group(1));
        long n = m.group(2) == null ? 1 : Long.parseLong(m.group(2));
        if (pid < 1 || pid > PID_MASK) {
            throw new IllegalArgumentException("pid " + pid + " of run directory " + runDir + " is out of range");
        }
        if (n < 1 || n > MAX_SERVERS_PER_JVM) {
            throw new IllegalArgumentException("msgqueue supports " + MAX_SERVERS_PER_JVM
                    + " servers per JVM; run directory " + runDir + " is server " + n);
        }
        return key(pid, (int) n);
    }

    /** The key of server {@code n} (1 to 4) of the JVM with {@code pid}. */
    static int key(long pid, int n) {
        return PREFIX << 24 | (n - 1) << PID_BITS | (int) pid;
    }

    static boolean isOurs(int key) {
        return key >>> 24 == PREFIX;
    }

    static long pidOf(int key) {
        return key & PID_MASK;
    }

    static String hex(int key) {
        return String.format("0x%08X", key);
    }

    /**
     * Removes the queues, owned by {@code uid}, with a key of ours whose master is no longer alive,
     * and one with {@code ownKey} itself (left by an earlier process with the same pid, or by an
     * earlier server of this JVM that was not stopped cleanly); logs one line per queue. Messages
     * still in them are discarded, with their spill files. Failures are logged, not thrown: the
     * sweep is a courtesy and must not stop a server from starting.
     */
    static void sweepStale(int ownKey, long uid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(SYSVIPC_MSG);
        } catch (IOException | SecurityException e) {
            Log.debug("cannot read " + SYSVIPC_MSG + " to sweep stale message queues: " + e);
            return;
        }
        for (String line : lines) {
            // key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || !f[0].matches("-?\\d+")) {
                continue; // the heading
            }
            int key;
            int msqid;
            long owner;
            try {
                key = (int) Long.parseLong(f[0]);
                msqid = Integer.parseInt(f[1]);
                owner = Long.parseLong(f[7]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (!isOurs(key) || owner != uid || (key != ownKey && Posix.isAlive(pidOf(key)))) {
                continue;
            }
            try {
                long discarded = SysV.drainAndRemove(msqid);
                Log.warn("removed a message queue left by a stopped server: key " + hex(key) + ", " + discarded
                        + (discarded == 1 ? " message" : " messages"));
            } catch (IOException e) {
                Log.warn("cannot remove message queue " + msqid + " (key " + hex(key) + ") left by a stopped server: "
                        + e.getMessage());
            }
        }
    }
}
