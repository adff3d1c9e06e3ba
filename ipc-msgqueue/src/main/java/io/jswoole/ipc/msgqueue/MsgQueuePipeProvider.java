package io.jswoole.ipc.msgqueue;

import io.jswoole.linux.Errno;
import io.jswoole.linux.Errors;
import io.jswoole.linux.Posix;
import io.jswoole.spi.Availability;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.pipe.SharedQueue;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code msgqueue} Pipe provider ({@code task_ipc_mode} 2 and 3): one System V message queue
 * per server, which the master {@linkplain #createQueue creates} and every worker and task worker
 * {@linkplain #openQueue opens} by its id. Point-to-point channels are not its business
 * ({@link #listen} and {@link #connect} throw): those always use {@code unixsock}.
 *
 * <p>Messages: the SharedQueue type is the kernel's {@code mtype}; the text is a marker byte and
 * the message, or, when that exceeds {@code msgmax} (read from {@code /proc/sys/kernel/msgmax},
 * 8192 by default), the path of a spill file (mode 0600) in {@code task_tmpdir} that the receiver
 * reads and deletes. A full queue pushes back: {@link SharedQueue#send} waits up to its timeout.
 *
 * <p>Queues outlive their processes, so each server's key is derived from its run directory's
 * name ({@code jswoole-<master pid>}) and {@link #createQueue} first removes the queues of this
 * user whose master is gone; the creator removes its queue at shutdown ({@link SharedQueue#remove}).
 * The queue is mode 0600: only the server's user can use it.
 *
 * <p>Linux on 64-bit x86 or ARM only (the {@code msqid_ds} layout is hard-coded); priority 10, so
 * {@code unixsock} stays the default.
 */
public final class MsgQueuePipeProvider implements PipeProvider {
    /** The name {@code task_ipc_mode} selects this provider by. */
    public static final String NAME = "msgqueue";

    private static final String NO_CHANNELS =
            "msgqueue carries task_ipc_mode 2 and 3 only; point-to-point pipes use unixsock";

    /** Does no work; availability is probed on first demand. */
    public MsgQueuePipeProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability availability() {
        return Probe.RESULT;
    }

    /** Always throws: this provider has no point-to-point channels. */
    @Override
    public PipeListener listen(Path runDir, String name, Transport transport) {
        throw new UnsupportedOperationException(NO_CHANNELS);
    }

    /** Always throws: this provider has no point-to-point channels. */
    @Override
    public PipeChannel connect(String address, Transport transport) {
        throw new UnsupportedOperationException(NO_CHANNELS);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Removes stale queues first (see {@link MsgQueuePipeProvider}), then creates the queue with
     * this server's key, exclusively, mode 0600 (0660 and the run directory's group when that is not
     * this process's group: the server's workers run as another user, see the {@code user} setting).
     *
     * @param runDir named {@code jswoole-<pid>} or {@code jswoole-<pid>-<n>}, n up to 4
     * @throws IllegalArgumentException if {@code runDir}'s name is not one of those
     * @throws IOException              if the provider is unavailable, or the queue cannot be created
     */
    @Override
    public SharedQueue createQueue(Path runDir, Path spillDir) throws IOException {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(spillDir, "spillDir");
        int key = QueueKeys.keyOf(runDir);
        ensureAvailable();
        QueueKeys.sweepStale(key, Integer.toUnsignedLong(Posix.geteuid()));
        int msqid = SysV.C.msgget(key, SysV.IPC_CREAT | SysV.IPC_EXCL | 0600);
        if (msqid < 0) {
            int errno = Errors.lastErrno();
            IOException e = Errors.exception("msgget(" + QueueKeys.hex(key) + ", IPC_CREAT | IPC_EXCL)", errno);
            if (errno == Errno.EEXIST) {
                throw new IOException(e.getMessage() + ": a message queue with this server's key belongs to another"
                        + " user or was created meanwhile; see ipcs -q");
            }
            throw e;
        }
        try {
            SysV.shareWithGroupOf(msqid, runDir);
            return new MsgQueue(msqid, spillDir, queueBytes(msqid));
        } catch (IOException | RuntimeException e) {
            try {
                SysV.drainAndRemove(msqid);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @param address the queue's id, as {@link SharedQueue#address()} gives it
     * @throws IllegalArgumentException if {@code address} is not a queue id
     * @throws ClosedChannelException   if that queue does not exist (any more)
     */
    @Override
    public SharedQueue openQueue(String address, Path spillDir) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(spillDir, "spillDir");
        int msqid;
        try {
            msqid = Integer.parseInt(address);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a msgqueue address is a queue id, not '" + address + "'", e);
        }
        if (msqid < 0) {
            throw new IllegalArgumentException("a msgqueue address is a queue id, not '" + address + "'");
        }
        ensureAvailable();
        return new MsgQueue(msqid, spillDir, queueBytes(msqid));
    }

    /** The queue's capacity in bytes ({@code msg_qbytes}); also checks that it exists. */
    private static long queueBytes(int msqid) throws IOException {
        ByteBuffer stat = SysV.stat(msqid);
        return stat.getLong(SysV.MSG_QBYTES);
    }

    private static void ensureAvailable() throws IOException {
        Availability a = Probe.RESULT;
        if (!a.isAvailable()) {
            throw new IOException("the msgqueue pipe provider is " + a, a.cause());
        }
    }

    /** Whether System V message queues work here through jswoole's native library; probed once, by doing. */
    private static final class Probe {
        static final Availability RESULT = probe();

        private static Availability probe() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            if (!os.startsWith("linux")) {
                return Availability.unavailable("msgqueue needs Linux; this is " + System.getProperty("os.name"));
            }
            String arch = System.getProperty("os.arch", "");
            if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
                return Availability.unavailable("msgqueue supports x86_64 and aarch64, not " + arch);
            }
            try {
                int msqid = SysV.C.msgget(SysV.IPC_PRIVATE, SysV.IPC_CREAT | 0600);
                if (msqid < 0) {
                    return Availability.unavailable("System V message queues are not available",
                            Errors.exception("msgget(IPC_PRIVATE)", Errors.lastErrno()));
                }
                if (SysV.C.msgctl(msqid, SysV.IPC_RMID, 0) != 0) {
                    return Availability.unavailable("System V message queues cannot be removed",
                            Errors.exception("msgctl(IPC_RMID)", Errors.lastErrno()));
                }
                return Availability.available();
            } catch (Throwable e) { // UnsatisfiedLinkError when the native library cannot be loaded
                return Availability.unavailable("jswoole's native library could not be loaded", e);
            }
        }
    }
}
