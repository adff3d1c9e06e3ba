package io.jswoole.ipc.msgqueue;

import io.jswoole.linux.Errno;
import io.jswoole.linux.Errors;
import io.jswoole.linux.Libc;
import io.jswoole.linux.libc.MessageQueueCalls;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * System V message queues through the shared C library binding ({@link Libc#messageQueues()}): the
 * calls, the constants and struct offsets
 * of Linux on LP64 (x86_64, aarch64), and the calls every queue makes. Loading happens when this
 * class is first used; the provider's probe does that once, so that a failure becomes its
 * unavailability cause instead of an error at some later call.
 */
final class SysV {
    static final int IPC_PRIVATE = 0;
    static final int IPC_CREAT = 01000;
    static final int IPC_EXCL = 02000;
    static final int IPC_NOWAIT = 04000;
    static final int MSG_NOERROR = 010000;
    static final int IPC_RMID = 0;
    static final int IPC_STAT = 2;
    static final int IPC_SET = 1;
    /** In {@code struct msqid_ds} (x86-64 and aarch64): msg_perm.gid, msg_perm.cgid and msg_perm.mode. */
    static final int PERM_GID = 8;
    static final int PERM_CGID = 16;
    static final int PERM_MODE = 20;

    /** {@code sizeof(struct msqid_ds)} and the offsets of the fields read from it. */
    static final int MSQID_DS_SIZE = 120;
    static final int MSG_QNUM = 80;
    static final int MSG_QBYTES = 88;

    /** The mtype in front of every message's text. */
    static final int MTYPE_SIZE = Long.BYTES;

    /** {@code msgmax} when {@code /proc/sys/kernel/msgmax} cannot be read: Linux's default. */
    static final int DEFAULT_MSGMAX = 8192;

    /** libc, with errno saved only by the functions annotated to save it. */
    static final MessageQueueCalls C = Libc.messageQueues();

    /** The largest message text the kernel takes, read once at start. */
    static final int MSGMAX = readMsgmax();

    private SysV() {
    }

    /** {@code /proc/sys/kernel/msgmax} now, or {@value #DEFAULT_MSGMAX} if unreadable. */
    static int readMsgmax() {
        // One read() into a buffer large enough: a sysctl file reports size 0 and answers only a
        // read at offset 0, so Files.readString (which reads 1 byte, then the rest) sees "8".
        try (InputStream in = new FileInputStream("/proc/sys/kernel/msgmax")) {
            byte[] text = new byte[32];
            int n = in.read(text);
            int value = n > 0 ? Integer.parseInt(new String(text, 0, n, StandardCharsets.US_ASCII).trim()) : 0;
            return value > 0 ? value : DEFAULT_MSGMAX;
        } catch (IOException | NumberFormatException | SecurityException e) {
            return DEFAULT_MSGMAX;
        }
    }

    /** The address of a direct buffer's index 0. */
    static long address(ByteBuffer direct) {
        return Libc.address(direct);
    }

    static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /** Whether an errno of a call on an existing id means the queue was removed. */
    static boolean isGone(int errno) {
        return errno == Errno.EIDRM || errno == Errno.EINVAL;
    }

    static ClosedChannelException gone(int msqid, String call) {
        ClosedChannelException e = new ClosedChannelException();
        e.initCause(new IOException(call + ": message queue " + msqid + " was removed"));
        return e;
    }

    /**
     * Gives queue {@code msqid} to the group of {@code runDir} with mode 0660, when that group is
     * not the creator's: the run directory was shared with the group of the server's workers,
     * which run as another user.
     */
    static void shareWithGroupOf(int msqid, Path runDir) throws IOException {
        if (!Files.isDirectory(runDir)) {
            return; // a queue key only: nothing to share with
        }
        int group = (int) Files.getAttribute(runDir, "unix:gid");
        ByteBuffer ds = stat(msqid);
        if (ds.getInt(PERM_CGID) == group) {
            return;
        }
        ds.putInt(PERM_GID, group);
        ds.putShort(PERM_MODE, (short) 0660);
        if (C.msgctl(msqid, IPC_SET, Scratch.current().statAddress) != 0) {
            throw Errors.lastError("msgctl(IPC_SET) of message queue " + msqid + " to group " + group);
        }
    }

    /**
     * {@code msgctl(IPC_STAT)} into this thread's scratch; returns its stat buffer.
     *
     * @throws ClosedChannelException if the queue is gone
     */
    static ByteBuffer stat(int msqid) throws IOException {
        Scratch s = Scratch.current();
        if (C.msgctl(msqid, IPC_STAT, s.statAddress) != 0) {
            int errno = Errors.lastErrno();
            throw isGone(errno) ? gone(msqid, "msgctl(IPC_STAT)") : Errors.exception("msgctl(IPC_STAT)", errno);
        }
        return s.stat;
    }

    /**
     * Discards the messages waiting in a queue, deleting the spill files they name, then removes
     * it. A queue already gone is fine. Takes at most the messages waiting when it starts (plus a
     * margin), so senders that keep going cannot hold it in the loop; what they send after that
     * goes with the queue.
     *
     * @return how many messages were discarded
     */
    static long drainAndRemove(int msqid) throws IOException {
        long waiting;
        try {
            waiting = stat(msqid).getLong(MSG_QNUM);
        } catch (ClosedChannelException e) {
            return 0;
        }
        Scratch s = Scratch.current();
        long drained = 0;
        for (long budget = waiting + 1024; budget > 0; budget--) {
            // MSG_NOERROR: a message is thrown away anyway, so truncating it is fine.
            long n = C.msgrcv(msqid, s.messageAddress, s.capacity, 0, IPC_NOWAIT | MSG_NOERROR);
            if (n < 0) {
                int errno = Errors.lastErrno();
                if (errno == Errno.EINTR) {
                    continue;
                }
                if (isGone(errno)) {
                    return drained;
                }
                break; // ENOMSG: empty; anything else: remove it all the same
            }
            drained++;
            Path spill = MessageCodec.spillPath(s, (int) n);
            if (spill != null) {
                MessageCodec.deleteSpill(spill);
            }
        }
        if (C.msgctl(msqid, IPC_RMID, 0) != 0) {
            int errno = Errors.lastErrno();
            if (!isGone(errno)) {
                throw Errors.exception("msgctl(IPC_RMID) of message queue " + msqid, errno);
            }
        }
        return drained;
    }

    /**
     * One thread's native memory, allocated once and reused: a message buffer ({@code mtype} and
     * up to {@link #capacity} bytes of text) and a {@code msqid_ds}.
     *
     * <p>Confined to its thread: {@link #current()} <b>MUST</b> be called on the thread that uses it.
     */
    static final class Scratch {
        private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(() -> new Scratch(MSGMAX));

        /** The most message text {@link #message} holds. */
        final int capacity;
        final ByteBuffer message;
        final long messageAddress;
        final ByteBuffer stat = direct(MSQID_DS_SIZE);
        final long statAddress = address(stat);

        private Scratch(int capacity) {
            this.capacity = capacity;
            this.message = direct(MTYPE_SIZE + capacity);
            this.messageAddress = address(message);
        }

        static Scratch current() {
            return CURRENT.get();
        }

        /**
         * Replaces this thread's scratch with one holding {@code capacity} bytes of text: msgmax was
         * raised while this process ran, and a process started since sent a longer message.
         */
        static Scratch grow(int capacity) {
            Scratch s = new Scratch(capacity);
            CURRENT.set(s);
            return s;
        }
    }
}
