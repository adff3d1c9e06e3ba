package io.jswoole.ipc.msgqueue;

import io.jswoole.linux.Errno;
import io.jswoole.linux.Errors;
import io.jswoole.spi.pipe.SharedQueue;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One process's handle on a server's System V message queue ({@link SharedQueue}). Each message
 * is one kernel message: {@code mtype} = the SharedQueue type, then a marker byte and the bytes
 * (see {@link MessageCodec}); one whose text would exceed the queue's limit goes through a spill
 * file. Calls use their thread's native scratch, so any number of threads may use one handle.
 */
final class MsgQueue implements SharedQueue {
    /**
     * While the queue is full (the kernel has no timed {@code msgsnd}, so we poll): first yield the
     * CPU, often to the receiver that makes room, then back off from 20 µs to 1 ms.
     */
    private static final long YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final int msqid;
    private final Path spillDir;
    /** The most text one kernel message carries: msgmax, or less if the queue holds fewer bytes. */
    private final int textLimit;
    private volatile boolean closed;
    /** Set once {@link #remove()} succeeded; written under this object's lock. */
    private volatile boolean removed;

    MsgQueue(int msqid, Path spillDir, long queueBytes) {
        this.msqid = msqid;
        this.spillDir = Objects.requireNonNull(spillDir, "spillDir");
        this.textLimit = (int) Math.min(SysV.MSGMAX, queueBytes);
    }

    @Override
    public String address() {
        return Integer.toString(msqid);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Copies {@code message}'s remaining bytes without moving its position. While the queue is
     * full it yields the CPU for up to 0.5 ms, then retries every 20 µs, backing off to every 1 ms,
     * until {@code timeoutMillis} passes.
     *
     * @throws java.io.InterruptedIOException if the thread is interrupted while waiting for room
     * @throws ClosedChannelException         if the queue was removed, or this handle closed
     */
    @Override
    public boolean send(long type, ByteBuffer message, long timeoutMillis) throws IOException {
        return send(type, EMPTY, Objects.requireNonNull(message, "message"), timeoutMillis);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Both parts are copied straight into the kernel's message (or, over the size limit, joined
     * into a spill file).
     */
    @Override
    public boolean send(long type, ByteBuffer header, ByteBuffer body, long timeoutMillis) throws IOException {
        checkType(type);
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis must be 0 or more, not " + timeoutMillis);
        }
        ensureOpen();
        SysV.Scratch s = SysV.Scratch.current();
        int headerLength = header.remaining();
        int length = headerLength + body.remaining();
        Path spill = null;
        int size;
        if (length + 1 > textLimit) {
            ByteBuffer message = body;
            if (headerLength > 0) {
                message = ByteBuffer.allocate(length).put(header.duplicate()).put(body.duplicate()).flip();
            }
            spill = MessageCodec.writeSpill(spillDir, message);
            byte[] name = spill.toString().getBytes(StandardCharsets.UTF_8);
            size = 1 + name.length;
            if (size > textLimit) {
                MessageCodec.deleteSpill(spill);
                throw new IOException("the spill file path " + spill + " is longer than a message of this queue ("
                        + textLimit + " bytes): choose a shorter spill directory");
            }
            s.message.put(SysV.MTYPE_SIZE, MessageCodec.SPILLED).put(SysV.MTYPE_SIZE + 1, name);
        } else {
            size = 1 + length;
            s.message.put(SysV.MTYPE_SIZE, MessageCodec.INLINE)
                    .put(SysV.MTYPE_SIZE + 1, header, header.position(), headerLength)
                    .put(SysV.MTYPE_SIZE + 1 + headerLength, body, body.position(), body.remaining());
        }
        s.message.putLong(0, type);
        boolean sent = false;
        try {
            sent = sendPrepared(s, size, timeoutMillis);
            return sent;
        } finally {
            if (!sent && spill != null) {
                MessageCodec.deleteSpill(spill);
            }
        }
    }

    /** msgsnd of the message in {@code s}, waiting for room up to {@code timeoutMillis}. */
    private boolean sendPrepared(SysV.Scratch s, int size, long timeoutMillis) throws IOException {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long start = 0;
        long backoff = MIN_BACKOFF_NANOS;
        while (true) {
            if (SysV.C.msgsnd(msqid, s.messageAddress, size, SysV.IPC_NOWAIT) == 0) {
                return true;
            }
            int errno = Errors.lastErrno();
            if (errno == Errno.EINTR) {
                continue;
            }
            if (errno != Errno.EAGAIN) {
                throw sendError(errno);
            }
            if (timeoutMillis == 0) {
                return false;
            }
            long now = System.nanoTime();
            if (start == 0) {
                start = now;
            }
            long left = timeoutNanos - (now - start);
            if (left <= 0) {
                return false;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while waiting for room in message queue " + msqid);
            }
            if (now - start < YIELD_NANOS) {
                Thread.yield();
                continue;
            }
            LockSupport.parkNanos(this, Math.min(backoff, left));
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
    }

    /** EINVAL means a removed queue or, if the queue is still there, a message over msgmax. */
    private IOException sendError(int errno) throws IOException {
        if (errno == Errno.EIDRM) {
            return SysV.gone(msqid, "msgsnd");
        }
        if (errno == Errno.EINVAL) {
            SysV.stat(msqid); // throws ClosedChannelException if the queue is gone
            return new IOException(Errors.message("msgsnd", errno)
                    + ": msgmax was lowered below " + textLimit + " bytes while the server ran?");
        }
        return Errors.exception("msgsnd to message queue " + msqid, errno);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A receiver blocked here is not woken by {@link Thread#interrupt()}; removing the queue (or
     * a message of its type) wakes it.
     */
    @Override
    public byte[] receive(long type, boolean wait) throws IOException {
        return receive(type, wait, null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Both parts are copied straight out of the kernel's message.
     */
    @Override
    public byte[] receive(long type, boolean wait, ByteBuffer header) throws IOException {
        checkType(type);
        ensureOpen();
        SysV.Scratch s = SysV.Scratch.current();
        boolean grown = false;
        while (true) {
            long n = SysV.C.msgrcv(msqid, s.messageAddress, s.capacity, type, wait ? 0 : SysV.IPC_NOWAIT);
            if (n >= 0) {
                return MessageCodec.decode(s, (int) n, header);
            }
            int errno = Errors.lastErrno();
            switch (errno) {
                case Errno.EINTR:
                    continue;
                case Errno.ENOMSG:
                case Errno.EAGAIN:
                    if (!wait) {
                        return null;
                    }
                    throw Errors.exception("msgrcv from message queue " + msqid, errno);
                case Errno.EIDRM:
                case Errno.EINVAL:
                    throw SysV.gone(msqid, "msgrcv");
                case Errno.E2BIG:
                    int msgmax = SysV.readMsgmax();
                    if (!grown && msgmax > s.capacity) {
                        s = SysV.Scratch.grow(msgmax);
                        grown = true;
                        continue;
                    }
                    throw dropTooLong(s, type);
                default:
                    throw Errors.exception("msgrcv from message queue " + msqid, errno);
            }
        }
    }

    /**
     * A message longer than msgmax waits (msgmax was lowered while the server ran): takes it,
     * truncated, so that it cannot block this type for good, and reports it lost.
     */
    private IOException dropTooLong(SysV.Scratch s, long type) {
        SysV.C.msgrcv(msqid, s.messageAddress, s.capacity, type, SysV.IPC_NOWAIT | SysV.MSG_NOERROR);
        return new IOException("dropped a message of type " + type + " longer than msgmax (" + s.capacity
                + " bytes) from message queue " + msqid);
    }

    @Override
    public long pending() throws IOException {
        ensureOpen();
        return SysV.stat(msqid).getLong(SysV.MSG_QNUM);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Idempotent, and works on a closed handle; a queue another process already removed is fine.
     * Messages sent while it drains may go without their spill files being deleted.
     */
    @Override
    public synchronized void remove() throws IOException {
        if (removed) {
            return;
        }
        SysV.drainAndRemove(msqid);
        removed = true;
    }

    /**
     * Marks this handle closed: later calls other than {@link #remove()} throw
     * {@link ClosedChannelException}. The kernel holds nothing per process, so nothing is released,
     * and a thread already blocked in {@link #receive} stays blocked until a message or removal.
     */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "msgqueue " + msqid;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed || removed) {
            throw new ClosedChannelException();
        }
    }

    private static void checkType(long type) {
        if (type < 1) {
            throw new IllegalArgumentException("a message type is 1 or more, not " + type);
        }
    }
}
